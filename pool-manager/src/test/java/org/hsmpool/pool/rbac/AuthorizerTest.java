package org.hsmpool.pool.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.pool.rbac.DataAction.*;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Deny by default; what grants what, at which scope, before and after activation. */
class AuthorizerTest {
    @TempDir
    Path dir;

    @Test
    void beforeActivationOnlyTheInitialAdministratorsMayDownloadTheSecurityDomain() {
        RbacStores rbac = new RbacStores(dir);
        rbac.assign(BuiltInRole.ADMINISTRATOR, "early", "/");

        assertThat(rbac.authorizer.decide(RbacStores.ADMIN, Requirement.atPool(SECURITY_DOMAIN_DOWNLOAD)))
                .isEqualTo(Decision.allow(Decision.INITIAL_ADMINISTRATOR));
        Decision other = rbac.authorizer.decide("early", Requirement.atPool(SECURITY_DOMAIN_DOWNLOAD));
        assertThat(other.allowed()).isFalse();
        assertThat(other.message()).contains("early", "until the pool is activated",
                SECURITY_DOMAIN_DOWNLOAD.value());
    }

    @Test
    void theInitialAdministratorsHoldTheAdministratorRoleAndNoKeyAction() {
        RbacStores rbac = new RbacStores(dir).activated();
        for (DataAction action : DataAction.values()) {
            assertThat(rbac.authorizer.decide(RbacStores.ADMIN, Requirement.atPool(action)).allowed())
                    .as(action.value()).isEqualTo(BuiltInRole.ADMINISTRATOR.dataActions().contains(action));
        }
        assertThat(rbac.authorizer.isInitialAdministrator(" ")).as("blank entries are dropped").isFalse();
    }

    @Test
    void aDenialNamesThePrincipalTheActionAndTheScope() {
        RbacStores rbac = new RbacStores(dir).activated();
        Decision d = rbac.authorizer.decide("alice", Requirement.onKey(KEYS_SIGN, "k1"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.message()).isEqualTo("Principal alice has no role assignment that grants "
                + "Microsoft.KeyVault/managedHsm/keys/sign/action at scope /keys/k1");
    }

    @ParameterizedTest
    @EnumSource(BuiltInRole.class)
    void eachBuiltInRoleAtThePoolGrantsExactlyItsActionsEverywhere(BuiltInRole role) {
        RbacStores rbac = new RbacStores(dir).activated();
        rbac.assign(role, "p", "/");
        for (DataAction action : DataAction.values()) {
            boolean expected = role.dataActions().contains(action);
            assertThat(rbac.authorizer.decide("p", Requirement.onKey(action, "any")).allowed())
                    .as(role + " " + action.value()).isEqualTo(expected);
            assertThat(rbac.authorizer.decide("p", Requirement.atKeys(action)).allowed()).isEqualTo(expected);
            assertThat(rbac.authorizer.decide("p", Requirement.atPool(action)).allowed()).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(BuiltInRole.class)
    void eachBuiltInRoleAtKeysGrantsItsActionsOnTheKeysAndNothingAtThePoolScope(BuiltInRole role) {
        RbacStores rbac = new RbacStores(dir).activated();
        rbac.assign(role, "p", "/keys");
        for (DataAction action : DataAction.values()) {
            boolean expected = role.dataActions().contains(action);
            assertThat(rbac.authorizer.decide("p", Requirement.onKey(action, "any")).allowed())
                    .as(role + " " + action.value()).isEqualTo(expected);
            assertThat(rbac.authorizer.decide("p", Requirement.atKeys(action)).allowed()).isEqualTo(expected);
            assertThat(rbac.authorizer.decide("p", Requirement.atPool(action)).allowed())
                    .as(role + " at /keys, " + action.value() + " at /").isFalse();
        }
    }

    @Test
    void anAssignmentAtOneKeyGrantsOnThatKeyOnly() {
        RbacStores rbac = new RbacStores(dir).activated();
        rbac.assign(BuiltInRole.CRYPTO_USER, "bob", "/keys/k1");
        Decision granted = rbac.authorizer.decide("bob", Requirement.onKey(KEYS_SIGN, "k1"));
        assertThat(granted.allowed()).isTrue();
        assertThat(rbac.assignments.list(RoleScope.key("k1"), "atScope()")).singleElement()
                .satisfies(a -> assertThat(a.id()).isEqualTo(granted.grantedBy()));
        assertThat(rbac.authorizer.decide("bob", Requirement.onKey(KEYS_SIGN, "k2")).allowed()).isFalse();
        assertThat(rbac.authorizer.decide("bob", Requirement.atKeys(KEYS_READ)).allowed())
                .as("listing all keys is an action at /keys").isFalse();
    }

    @Test
    void anAssignmentAtKeysGrantsOnEveryKeyAndNeverAtThePoolScope() {
        RbacStores rbac = new RbacStores(dir).activated();
        rbac.assign(BuiltInRole.ADMINISTRATOR, "keys-admin", "/keys");
        rbac.assign(BuiltInRole.CRYPTO_USER, "keys-user", "/keys");
        assertThat(rbac.authorizer.decide("keys-admin", Requirement.atPool(SECURITY_DOMAIN_DOWNLOAD)).allowed())
                .as("the security domain is checked at /").isFalse();
        assertThat(rbac.authorizer.decide("keys-admin", Requirement.atPool(ROLE_ASSIGNMENTS_WRITE)).allowed())
                .as("assignments at / need the role at /").isFalse();
        assertThat(rbac.authorizer.decide("keys-admin", Requirement.atPool(ROLE_DEFINITIONS_WRITE)).allowed()).isFalse();
        assertThat(rbac.authorizer.decide("keys-admin", Requirement.atKeys(ROLE_ASSIGNMENTS_WRITE)).allowed()).isTrue();
        assertThat(rbac.authorizer.decide("keys-admin", Requirement.onKey(ROLE_ASSIGNMENTS_WRITE, "k9")).allowed())
                .isTrue();
        assertThat(rbac.authorizer.decide("keys-user", Requirement.onKey(KEYS_SIGN, "any-key")).allowed()).isTrue();
        assertThat(rbac.authorizer.decide("keys-user", Requirement.atKeys(KEYS_READ)).allowed()).isTrue();
        assertThat(rbac.authorizer.decide("keys-user", Requirement.atKeys(RNG)).allowed()).isTrue();
        assertThat(rbac.authorizer.decide("keys-user", Requirement.atPool(RNG)).allowed()).isFalse();
    }

    @Test
    void aCustomRoleGrantsItsPatternsLessItsExclusions() {
        RbacStores rbac = new RbacStores(dir).activated();
        String id = "11111111-2222-3333-4444-555555555555";
        rbac.definitions.put(id, "signer", "signs, never decrypts",
                List.of(new Permissions(List.of("Microsoft.KeyVault/managedHsm/keys/*"),
                        List.of("Microsoft.KeyVault/managedHsm/keys/decrypt/action",
                                "Microsoft.KeyVault/managedHsm/keys/deletedKeys/*"))),
                null);
        rbac.assignments.create(RoleScope.POOL, "aaaaaaaa-2222-3333-4444-555555555555", id, "carol");
        Set<DataAction> expected = EnumSet.of(KEYS_READ, KEYS_WRITE, KEYS_ROTATE, KEYS_CREATE, KEYS_DELETE,
                KEYS_BACKUP, KEYS_RESTORE, KEYS_RELEASE, KEYS_IMPORT, KEYS_ENCRYPT, KEYS_WRAP, KEYS_UNWRAP, KEYS_SIGN,
                KEYS_VERIFY, KEYS_EXPORT);
        for (DataAction action : DataAction.values()) {
            assertThat(rbac.authorizer.decide("carol", Requirement.onKey(action, "k")).allowed()).as(action.value())
                    .isEqualTo(expected.contains(action));
        }
        rbac.definitions.delete(id);
        assertThat(rbac.authorizer.decide("carol", Requirement.onKey(KEYS_SIGN, "k")).allowed())
                .as("an assignment of a deleted role grants nothing").isFalse();
    }
}
