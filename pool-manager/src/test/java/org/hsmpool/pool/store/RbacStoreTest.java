package org.hsmpool.pool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.pool.store.StoreAssertions.assertFailsWith;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RbacStoreTest {
    /** Managed HSM Crypto User, as the SDK sends it. */
    private static final String CRYPTO_USER =
            "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/21dbd100-6940-42c2-9190-5d6cb909625b";
    private static final String CRYPTO_OFFICER =
            "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/515eb02d-2335-4d2d-92f2-b1cbdf9c3778";

    @TempDir
    Path dir;
    PoolStore store;

    @BeforeEach
    void open() {
        store = Fixtures.open(dir.resolve("pool.db"));
    }

    @Test
    void assignmentsListByTheirExactScope() {
        var root = assignment("/", CRYPTO_OFFICER, "alice");
        var keys = assignment("/keys", CRYPTO_USER, "alice");
        var one = assignment("/keys/payments", CRYPTO_USER, "bob");
        var other = assignment("/keys/payments", CRYPTO_OFFICER, "carol");
        List.of(root, keys, one, other).forEach(store::createRoleAssignment);

        assertThat(store.roleAssignmentsAt("/")).containsExactly(root);
        assertThat(store.roleAssignmentsAt("/keys")).containsExactly(keys);
        assertThat(store.roleAssignmentsAt("/keys/payments")).containsExactlyInAnyOrder(one, other);
        assertThat(store.roleAssignmentsAt("/keys/other")).isEmpty();
        assertThat(store.roleAssignmentsOf("alice")).containsExactlyInAnyOrder(root, keys);
        assertThat(store.roleAssignment(one.id())).hasValue(one);
    }

    @Test
    void theSameAssignmentCannotBeMadeTwice() {
        var first = assignment("/keys", CRYPTO_USER, "alice");
        store.createRoleAssignment(first);

        assertFailsWith(StoreException.Code.CONFLICT,
                () -> store.createRoleAssignment(new RoleAssignment(first.id(), "/", CRYPTO_OFFICER, "bob")));
        assertFailsWith(StoreException.Code.CONFLICT,
                () -> store.createRoleAssignment(assignment("/keys", CRYPTO_USER, "alice")));
        assertThat(store.roleAssignmentsAt("/")).isEmpty();
        assertThat(store.roleAssignmentsAt("/keys")).containsExactly(first);
    }

    @Test
    void deletingAnAssignmentReturnsItOnce() {
        var a = assignment("/", CRYPTO_USER, "alice");
        store.createRoleAssignment(a);

        assertThat(store.deleteRoleAssignment(a.id())).hasValue(a);
        assertThat(store.deleteRoleAssignment(a.id())).isEmpty();
        assertThat(store.roleAssignmentsAt("/")).isEmpty();
    }

    @Test
    void aScopeStartsWithASlash() {
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> assignment("keys", CRYPTO_USER, "alice"));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.roleAssignmentsAt(""));
    }

    @Test
    void customRoleDefinitionsAreCreatedReplacedListedAndDeleted() {
        String id = UUID.randomUUID().toString();
        var signer = new RoleDefinition(id, "Signer", "may sign",
                "[{\"dataActions\":[\"Microsoft.KeyVault/managedHsm/keys/sign/action\"]}]", List.of("/keys", "/"));
        store.putRoleDefinition(signer);
        assertThat(store.roleDefinition(id)).hasValue(signer);

        var widened = new RoleDefinition(id, "Signer", null, "[]", List.of("/"));
        store.putRoleDefinition(widened);
        var another = new RoleDefinition(UUID.randomUUID().toString(), "Other", "", "[]", List.of("/keys/a"));
        store.putRoleDefinition(another);

        assertThat(store.roleDefinition(id)).hasValueSatisfying(d -> {
            assertThat(d.description()).isEmpty();
            assertThat(d.assignableScopes()).containsExactly("/");
        });
        assertThat(store.roleDefinitions()).extracting(RoleDefinition::id)
                .containsExactlyElementsOf(List.of(id, another.id()).stream().sorted().toList());
        assertThat(store.deleteRoleDefinition(id)).hasValue(widened);
        assertThat(store.roleDefinition(id)).isEmpty();
        assertThat(store.roleDefinitions()).containsExactly(another);
    }

    private static RoleAssignment assignment(String scope, String role, String principal) {
        return new RoleAssignment(UUID.randomUUID().toString(), scope, role, principal);
    }
}
