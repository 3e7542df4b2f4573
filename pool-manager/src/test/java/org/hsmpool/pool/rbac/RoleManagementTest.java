package org.hsmpool.pool.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.hsmpool.pool.api.DomainErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Role assignments and definitions: validation, listing filters, limits, built-ins fixed. */
class RoleManagementTest {
    @TempDir
    Path dir;

    @Test
    void thePoolScopeHoldsFiftyAssignmentsAndAKeyTen() {
        RbacStores rbac = new RbacStores(dir).activated();
        for (int i = 0; i < RoleAssignments.MAX_AT_POOL; i++) {
            rbac.assign(BuiltInRole.CRYPTO_AUDITOR, "p" + i, "/");
        }
        for (int i = 0; i < RoleAssignments.MAX_PER_KEY; i++) {
            rbac.assign(BuiltInRole.CRYPTO_USER, "p" + i, "/keys/k1");
        }
        assertStatus(() -> rbac.assign(BuiltInRole.CRYPTO_AUDITOR, "one-more", "/keys"), 409, "Conflict");
        assertStatus(() -> rbac.assign(BuiltInRole.CRYPTO_USER, "one-more", "/keys/k1"), 409, "Conflict");
        rbac.assign(BuiltInRole.CRYPTO_USER, "other-key", "/keys/k2");
    }

    @Test
    void fiftyCustomRolesAtMostAndBuiltInsAreFixed() {
        RbacStores rbac = new RbacStores(dir);
        List<Permissions> read = List.of(new Permissions(List.of(DataAction.KEYS_READ.value()), List.of()));
        for (int i = 0; i < RoleDefinitions.MAX_CUSTOM; i++) {
            rbac.definitions.put(UUID.randomUUID().toString(), "r" + i, null, read, null);
        }
        assertStatus(() -> rbac.definitions.put(UUID.randomUUID().toString(), "more", null, read, null), 409,
                "Conflict");
        assertThat(rbac.definitions.list()).hasSize(9 + RoleDefinitions.MAX_CUSTOM);
        String admin = BuiltInRole.ADMINISTRATOR.id();
        assertStatus(() -> rbac.definitions.delete(admin), 400, "BadParameter");
        assertStatus(() -> rbac.definitions.put(admin, "mine", null, read, null), 400, "BadParameter");
        assertThat(rbac.definitions.get(admin.toUpperCase()).roleName()).isEqualTo("Managed HSM Administrator");
    }

    @Test
    void aCustomRoleNamesOnlyDataActionsThatExist() {
        RbacStores rbac = new RbacStores(dir);
        assertStatus(() -> rbac.definitions.put(UUID.randomUUID().toString(), "bad", null,
                List.of(new Permissions(List.of("Microsoft.KeyVault/managedHsm/keys/fly/action"), List.of())), null),
                400, "BadParameter");
        assertStatus(() -> rbac.definitions.put(UUID.randomUUID().toString(), "bad", null, List.of(),
                List.of("/secrets")), 400, "BadParameter");
    }

    @Test
    void assignmentsAreReadListedAndDeletedAtTheirOwnScope() {
        RbacStores rbac = new RbacStores(dir).activated();
        String name = UUID.randomUUID().toString();
        var created = rbac.assignments.create(RoleScope.key("k1"), name,
                RoleDefinitions.ID_PREFIX + BuiltInRole.CRYPTO_USER.id(), "bob");
        rbac.assign(BuiltInRole.CRYPTO_AUDITOR, "alice", "/");

        assertThat(rbac.assignments.get(RoleScope.key("k1"), name)).isEqualTo(created);
        assertStatus(() -> rbac.assignments.get(RoleScope.POOL, name), 404, "RoleAssignmentNotFound");
        assertThat(rbac.assignments.list(RoleScope.key("k1"), null)).hasSize(2);
        assertThat(rbac.assignments.list(RoleScope.key("k1"), "atScope()")).containsExactly(created);
        assertThat(rbac.assignments.list(RoleScope.POOL, "atScope()")).extracting(a -> a.principalId())
                .containsExactly("alice");
        assertThat(rbac.assignments.list(RoleScope.key("k1"), "principalId eq 'bob'")).containsExactly(created);
        assertThat(rbac.assignments.list(RoleScope.POOL, "atScope() and principalId eq 'bob'")).isEmpty();
        assertStatus(() -> rbac.assignments.list(RoleScope.POOL, "roleName eq 'x'"), 400, "BadParameter");
        assertStatus(() -> rbac.assignments.create(RoleScope.key("k1"), name,
                BuiltInRole.CRYPTO_USER.id(), "bob"), 409, "RoleAssignmentExists");
        assertStatus(() -> rbac.assignments.create(RoleScope.POOL, UUID.randomUUID().toString(),
                "00000000-0000-0000-0000-000000000000", "bob"), 400, "BadParameter");
        assertThat(rbac.assignments.delete(RoleScope.key("k1"), name)).isEqualTo(created);
        assertStatus(() -> rbac.assignments.delete(RoleScope.key("k1"), name), 404, "RoleAssignmentNotFound");
    }

    @Test
    void scopesAreThePoolAllKeysOrOneKeyAndEachCoversOnlyWhatIsBelowIt() {
        assertThat(RoleScope.parse("/")).isEqualTo(RoleScope.POOL);
        assertThat(RoleScope.parse("/keys")).isEqualTo(RoleScope.KEYS);
        assertThat(RoleScope.parse("/keys/")).isEqualTo(RoleScope.KEYS);
        RoleScope k1 = RoleScope.parse("/keys/k1");
        assertThat(RoleScope.POOL.covers(RoleScope.KEYS)).isTrue();
        assertThat(RoleScope.POOL.covers(k1)).isTrue();
        assertThat(RoleScope.KEYS.covers(k1)).isTrue();
        assertThat(RoleScope.KEYS.covers(RoleScope.KEYS)).isTrue();
        assertThat(RoleScope.KEYS.covers(RoleScope.POOL)).as("/keys never reaches the pool scope").isFalse();
        assertThat(k1.covers(RoleScope.KEYS)).isFalse();
        assertThat(k1.covers(RoleScope.key("k2"))).isFalse();
        assertThat(RoleScope.parse("/keys/k-1").value()).isEqualTo("/keys/k-1");
        for (String bad : new String[] { "", "keys", "/secrets", "/keys/a/b", "/keys/a_b", "//" }) {
            assertStatus(() -> RoleScope.parse(bad), 400, "BadParameter");
        }
    }

    private static void assertStatus(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status,
            String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RbacException.class, e -> {
            assertThat(DomainErrors.of(e).status()).isEqualTo(status);
            assertThat(DomainErrors.of(e).code()).isEqualTo(code);
        });
    }
}
