package org.hsmpool.pool.rbac;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.hsmpool.pool.store.PoolState;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.SecurityDomainInfo;
import org.hsmpool.pool.store.SqliteFile;

/** A real SQLite store with a pool in it, and the RBAC services on top of it, for the rbac tests. */
final class RbacStores {
    static final String ADMIN = "initial-admin";

    final PoolStore store;
    final RoleDefinitions definitions;
    final RoleAssignments assignments;
    final Authorizer authorizer;

    RbacStores(Path dir) {
        store = SqliteFile.open(dir.resolve("pool.db"));
        store.createPool("0123456789abcdef0123456789abcdef", "rbac", Instant.now());
        definitions = new RoleDefinitions(store);
        assignments = new RoleAssignments(store, definitions);
        authorizer = new Authorizer(store, definitions, Optional.of(List.of(ADMIN, " ")));
    }

    RbacStores activated() {
        store.changePoolState(PoolState.NotActivated, PoolState.Activating);
        store.activatePool(PoolState.Activating, new SecurityDomainInfo("00112233445566778899aabbccddeeff",
                List.of("a", "b", "c"), 2, 3, "0".repeat(64), Instant.now()));
        return this;
    }

    /** Assigns {@code role} to {@code principal} at {@code scope} under a fresh name. */
    void assign(BuiltInRole role, String principal, String scope) {
        assignments.create(RoleScope.parse(scope), java.util.UUID.randomUUID().toString(), role.id(), principal);
    }
}
