package org.hsmpool.pool.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.hsmpool.testkit.PoolHarness;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.azure.core.exception.HttpResponseException;
import com.azure.security.keyvault.administration.KeyVaultAccessControlClient;
import com.azure.security.keyvault.administration.models.KeyVaultDataAction;
import com.azure.security.keyvault.administration.models.KeyVaultPermission;
import com.azure.security.keyvault.administration.models.KeyVaultRoleAssignment;
import com.azure.security.keyvault.administration.models.KeyVaultRoleDefinition;
import com.azure.security.keyvault.administration.models.KeyVaultRoleDefinitionType;
import com.azure.security.keyvault.administration.models.KeyVaultRoleScope;
import com.azure.security.keyvault.administration.models.KeyVaultRoleType;
import com.azure.security.keyvault.administration.models.SetRoleDefinitionOptions;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.models.EncryptionAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyVaultKey;

/**
 * Local RBAC through the Azure SDK: for each built-in role a table of operations, each a real call
 * through KeyClient, CryptographyClient, KeyVaultAccessControlClient or HTTPS, allowed ones working and
 * the others answered 403 AccessDenied naming the data action; role assignments created, listed,
 * read and deleted through KeyVaultAccessControlClient; a key-scoped assignment; the limits; a
 * custom role. One pool; {@code tester} (initial administrator, Crypto Officer and User) sets up.
 */
class SdkRbacIT {
    private static final String P = "Microsoft.KeyVault/managedHsm/";

    /** The built-in roles with the data actions the reference service gives them (reference/mhsm-roles.md). */
    enum Role {
        ADMINISTRATOR("Managed HSM Administrator", "securitydomain/download/action", "securitydomain/download/read",
                "securitydomain/upload/action", "securitydomain/upload/read", "securitydomain/transferkey/read",
                "backup/start/action", "backup/status/action", "restore/start/action", "restore/status/action",
                "roleAssignments/read/action", "roleAssignments/write/action", "roleAssignments/delete/action",
                "roleDefinitions/read/action", "roleDefinitions/write/action", "roleDefinitions/delete/action",
                "hsmpool/audit/read/action", "hsmpool/securitydomain/drill/action",
                "hsmpool/settings/read/action", "hsmpool/settings/write/action", "hsmpool/nodes/write/action"),
        CRYPTO_OFFICER("Managed HSM Crypto Officer", "roleAssignments/read/action", "roleAssignments/write/action",
                "roleAssignments/delete/action", "roleDefinitions/read/action", "roleDefinitions/write/action",
                "roleDefinitions/delete/action", "keys/deletedKeys/read/action", "keys/deletedKeys/recover/action",
                "keys/deletedKeys/delete", "keys/export/action"),
        CRYPTO_USER("Managed HSM Crypto User", "keys/read/action", "keys/write/action", "keys/create", "keys/delete",
                "keys/rotate/action", "keys/import/action", "keys/backup/action", "keys/restore/action",
                "keys/release/action", "keys/encrypt/action", "keys/decrypt/action", "keys/wrap/action",
                "keys/unwrap/action", "keys/sign/action", "keys/verify/action", "rng/action",
                "roleAssignments/read/action", "roleDefinitions/read/action"),
        POLICY_ADMINISTRATOR("Managed HSM Policy Administrator", "roleAssignments/read/action",
                "roleAssignments/write/action", "roleAssignments/delete/action", "roleDefinitions/read/action",
                "roleDefinitions/write/action", "roleDefinitions/delete/action"),
        CRYPTO_AUDITOR("Managed HSM Crypto Auditor", "keys/read/action", "roleAssignments/read/action",
                "roleDefinitions/read/action", "hsmpool/audit/read/action"),
        CRYPTO_SERVICE_ENCRYPTION_USER("Managed HSM Crypto Service Encryption User", "keys/read/action",
                "keys/wrap/action", "keys/unwrap/action"),
        CRYPTO_SERVICE_RELEASE_USER("Managed HSM Crypto Service Release User", "keys/release/action"),
        BACKUP("Managed HSM Backup", "keys/backup/action", "backup/start/action", "backup/status/action"),
        RESTORE("Managed HSM Restore", "keys/restore/action", "restore/start/action", "restore/status/action");

        final String roleName;
        final Set<String> actions;

        Role(String roleName, String... actions) {
            this.roleName = roleName;
            this.actions = Arrays.stream(actions).map(a -> P + a).collect(Collectors.toUnmodifiableSet());
        }

        String principal() {
            return "role-" + name().toLowerCase().replace('_', '-');
        }
    }

    /** One principal's clients. */
    record Caller(KeyClient keys, KeyVaultAccessControlClient access, String token) {
        CryptographyClient crypto(String kid) {
            return pool.cryptographyClient(kid, token);
        }
    }

    interface Call {
        void run(Caller c) throws Exception;
    }

    record Operation(String name, String action, Call call) {
    }

    /** A plain HTTPS call that did not answer 2xx. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String body) {
            super("HTTP " + status + ": " + body);
            this.status = status;
        }
    }

    private static final String KEY_ONLY = "key-only";
    private static final String CUSTOM = "custom-user";
    private static final String NOBODY = "nobody";
    private static final String KEYS_ADMIN = "keys-admin";
    private static final String KEYS_USER = "keys-user";
    private static SdkPool pool;
    private static KeyClient keys;
    private static KeyVaultAccessControlClient admin;
    private static Map<String, String> roleIds;
    private static KeyVaultKey ec;
    private static KeyVaultKey rsa;
    private static byte[] digest;
    private static byte[] signature;
    private static byte[] ciphertext;
    private static byte[] wrapped;

    @BeforeAll
    static void start() throws Exception {
        List<String> principals = new ArrayList<>(List.of(KEY_ONLY, CUSTOM, NOBODY, KEYS_ADMIN, KEYS_USER));
        Arrays.stream(Role.values()).map(Role::principal).forEach(principals::add);
        pool = new SdkPool("sdk-rbac", Map.of(), principals);
        keys = pool.keyClient();
        admin = pool.accessControlClient(SdkPool.TOKEN);
        roleIds = new java.util.HashMap<>();
        for (KeyVaultRoleDefinition d : admin.listRoleDefinitions(KeyVaultRoleScope.GLOBAL)) {
            roleIds.put(d.getRoleName(), d.getId());
        }
        for (Role role : Role.values()) {
            admin.createRoleAssignment(KeyVaultRoleScope.GLOBAL, roleIds.get(role.roleName), role.principal());
        }
        ec = keys.createEcKey(new CreateEcKeyOptions(SdkPool.uniqueName("ec")).setCurveName(KeyCurveName.P_256)
                .setHardwareProtected(true));
        rsa = keys.createRsaKey(new CreateRsaKeyOptions(SdkPool.uniqueName("rsa")).setKeySize(2048)
                .setHardwareProtected(true));
        digest = MessageDigest.getInstance("SHA-256").digest("rbac".getBytes(StandardCharsets.UTF_8));
        signature = pool.cryptographyClient(ec.getId()).sign(SignatureAlgorithm.ES256, digest).getSignature();
        ciphertext = pool.cryptographyClient(rsa.getId()).encrypt(EncryptionAlgorithm.RSA_OAEP, new byte[16])
                .getCipherText();
        wrapped = pool.cryptographyClient(rsa.getId()).wrapKey(KeyWrapAlgorithm.RSA_OAEP, new byte[32])
                .getEncryptedKey();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) {
            pool.close();
        }
    }

    private static Caller caller(String principal) {
        String token = PoolHarness.tokenOf(principal);
        return new Caller(pool.keyClient(token), pool.accessControlClient(token), token);
    }

    private static List<Operation> operations() {
        return List.of(
                new Operation("get key", "keys/read/action", c -> c.keys().getKey(ec.getName())),
                new Operation("key attestation", "keys/read/action", c -> assertThat(c.keys()
                        .getKeyAttestation(ec.getName()).getProperties().getKeyAttestation()).isNotNull()),
                new Operation("list keys", "keys/read/action",
                        c -> c.keys().listPropertiesOfKeys().iterator().next()),
                new Operation("create key", "keys/create",
                        c -> c.keys().createEcKey(new CreateEcKeyOptions(SdkPool.uniqueName("c")))),
                new Operation("update key", "keys/write/action", c -> c.keys()
                        .updateKeyProperties(keys.getKey(ec.getName()).getProperties().setTags(Map.of("by", "x")))),
                new Operation("rotate key", "keys/rotate/action", c -> c.keys().rotateKey(freshKey())),
                new Operation("delete key", "keys/delete", c -> c.keys().beginDeleteKey(freshKey())),
                new Operation("backup key", "keys/backup/action", c -> c.keys().backupKey(ec.getName())),
                new Operation("restore key", "keys/restore/action", SdkRbacIT::restorePurged),
                new Operation("sign", "keys/sign/action",
                        c -> c.crypto(ec.getId()).sign(SignatureAlgorithm.ES256, digest)),
                new Operation("verify", "keys/verify/action",
                        c -> assertThat(c.crypto(ec.getId()).verify(SignatureAlgorithm.ES256, digest, signature)
                                .isValid()).isTrue()),
                new Operation("encrypt", "keys/encrypt/action",
                        c -> c.crypto(rsa.getId()).encrypt(EncryptionAlgorithm.RSA_OAEP, new byte[8])),
                new Operation("decrypt", "keys/decrypt/action",
                        c -> c.crypto(rsa.getId()).decrypt(EncryptionAlgorithm.RSA_OAEP, ciphertext)),
                new Operation("wrap key", "keys/wrap/action",
                        c -> c.crypto(rsa.getId()).wrapKey(KeyWrapAlgorithm.RSA_OAEP, new byte[32])),
                new Operation("unwrap key", "keys/unwrap/action",
                        c -> c.crypto(rsa.getId()).unwrapKey(KeyWrapAlgorithm.RSA_OAEP, wrapped)),
                new Operation("random bytes", "rng/action", c -> c.keys().getRandomBytes(16)),
                new Operation("get deleted key", "keys/deletedKeys/read/action",
                        c -> c.keys().getDeletedKey(deletedKey())),
                new Operation("recover deleted key", "keys/deletedKeys/recover/action",
                        c -> c.keys().beginRecoverDeletedKey(deletedKey())),
                new Operation("purge deleted key", "keys/deletedKeys/delete",
                        c -> c.keys().purgeDeletedKey(deletedKey())),
                new Operation("list role assignments", "roleAssignments/read/action",
                        c -> c.access().listRoleAssignments(KeyVaultRoleScope.GLOBAL).iterator().next()),
                new Operation("create role assignment", "roleAssignments/write/action", c -> {
                    KeyVaultRoleAssignment a = c.access().createRoleAssignment(KeyVaultRoleScope.GLOBAL,
                            roleIds.get(Role.CRYPTO_AUDITOR.roleName), NOBODY);
                    admin.deleteRoleAssignment(KeyVaultRoleScope.GLOBAL, a.getName());
                }),
                new Operation("delete role assignment", "roleAssignments/delete/action", c -> {
                    KeyVaultRoleAssignment a = admin.createRoleAssignment(KeyVaultRoleScope.GLOBAL,
                            roleIds.get(Role.CRYPTO_AUDITOR.roleName), NOBODY);
                    try {
                        c.access().deleteRoleAssignment(KeyVaultRoleScope.GLOBAL, a.getName());
                    } finally {
                        admin.deleteRoleAssignment(KeyVaultRoleScope.GLOBAL, a.getName());
                    }
                }),
                new Operation("list role definitions", "roleDefinitions/read/action",
                        c -> c.access().listRoleDefinitions(KeyVaultRoleScope.GLOBAL).iterator().next()),
                new Operation("set role definition", "roleDefinitions/write/action", c -> admin
                        .deleteRoleDefinition(KeyVaultRoleScope.GLOBAL,
                                c.access().setRoleDefinition(KeyVaultRoleScope.GLOBAL).getName())),
                new Operation("delete role definition", "roleDefinitions/delete/action", c -> {
                    String name = admin.setRoleDefinition(KeyVaultRoleScope.GLOBAL).getName();
                    try {
                        c.access().deleteRoleDefinition(KeyVaultRoleScope.GLOBAL, name);
                    } finally {
                        admin.deleteRoleDefinition(KeyVaultRoleScope.GLOBAL, name);
                    }
                }),
                new Operation("security domain download status", "securitydomain/download/read",
                        c -> http(c, "GET", "/securitydomain/download/pending")),
                new Operation("security domain upload status", "securitydomain/upload/read",
                        c -> http(c, "GET", "/securitydomain/upload/pending")),
                new Operation("full backup (pool export)", "backup/start/action",
                        c -> http(c, "GET", "/hsmpool/export")),
                new Operation("pool status", "roleAssignments/read/action", c -> http(c, "GET", "/hsmpool/status")),
                new Operation("security domain drill key", "hsmpool/securitydomain/drill/action",
                        c -> http(c, "POST", "/hsmpool/securitydomain/drill/key")),
                new Operation("security domain drill summary", "roleAssignments/read/action",
                        c -> http(c, "GET", "/hsmpool/securitydomain/drill")),
                new Operation("backup jobs", "backup/status/action", c -> http(c, "GET", "/hsmpool/backup/jobs")),
                new Operation("settings", "hsmpool/settings/read/action", c -> http(c, "GET", "/settings")),
                new Operation("change a setting", "hsmpool/settings/write/action", c -> http(c, "PATCH",
                        "/settings/AllowKeyManagementOperationsThroughARM", "{\"value\":\"false\"}")),
                // a node where nothing answers (so it never takes traffic), removed again at once
                new Operation("add and remove a node", "hsmpool/nodes/write/action", c -> {
                    http(c, "POST", "/hsmpool/nodes", "{\"name\":\"rbac-probe\",\"endpoint\":\"localhost:1\"}");
                    http(c, "DELETE", "/hsmpool/nodes/rbac-probe");
                }),
                new Operation("audit head", "hsmpool/audit/read/action", c -> http(c, "GET", "/hsmpool/audit/head")),
                new Operation("audit head with the nodes' seal counters", "hsmpool/audit/read/action",
                        c -> http(c, "GET", "/hsmpool/audit/head?nonce=" + "ab".repeat(16))),
                new Operation("audit seal check", "hsmpool/audit/read/action", c -> http(c, "POST",
                        "/hsmpool/audit/seals", "{\"seals\":[{\"seq\":1,\"prev\":\"" + "0".repeat(64)
                                + "\",\"mac\":\"" + "0".repeat(64) + "\"}]}")));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void eachBuiltInRoleAllowsItsOperationsAndIsDeniedTheRest(Role role) {
        Caller caller = caller(role.principal());
        SoftAssertions softly = new SoftAssertions();
        for (Operation op : operations()) {
            String action = P + op.action();
            Throwable thrown = catchThrowable(() -> op.call().run(caller));
            if (role.actions.contains(action)) {
                softly.assertThat(thrown).as(role + " may " + op.name()).isNull();
            } else {
                softly.assertThat(status(thrown)).as(role + " may not " + op.name() + ": " + thrown).isEqualTo(403);
                softly.assertThat(String.valueOf(thrown == null ? null : thrown.getMessage()))
                        .as(role + " " + op.name()).contains("AccessDenied", action, role.principal());
            }
        }
        softly.assertAll();
    }

    @Test
    void assignmentsAreCreatedListedReadAndDeletedThroughTheAccessControlClient() {
        String name = UUID.randomUUID().toString();
        String userRole = roleIds.get(Role.CRYPTO_USER.roleName);
        KeyVaultRoleAssignment created = admin.createRoleAssignment(KeyVaultRoleScope.GLOBAL, userRole, NOBODY,
                name);
        assertThat(created.getName()).isEqualTo(name);
        assertThat(created.getProperties().getScope()).isEqualTo(KeyVaultRoleScope.GLOBAL);
        assertThat(created.getProperties().getPrincipalId()).isEqualTo(NOBODY);
        assertThat(created.getProperties().getRoleDefinitionId()).isEqualTo(userRole);

        assertThat(admin.listRoleAssignments(KeyVaultRoleScope.GLOBAL).stream().map(KeyVaultRoleAssignment::getName))
                .contains(name);
        assertThat(admin.listRoleAssignments(KeyVaultRoleScope.KEYS).stream().map(KeyVaultRoleAssignment::getName))
                .as("an assignment at / applies at /keys too").contains(name);
        KeyVaultRoleAssignment read = admin.getRoleAssignment(KeyVaultRoleScope.GLOBAL, name);
        assertThat(read.getProperties().getPrincipalId()).isEqualTo(NOBODY);
        assertThat(read.getId()).endsWith("/providers/Microsoft.Authorization/roleAssignments/" + name);
        assertThat(caller(NOBODY).keys().getKey(ec.getName()).getId()).isEqualTo(ec.getId());

        admin.deleteRoleAssignment(KeyVaultRoleScope.GLOBAL, name);
        assertThat(status(catchThrowable(() -> admin.getRoleAssignment(KeyVaultRoleScope.GLOBAL, name))))
                .isEqualTo(404);
        assertThat(admin.listRoleAssignments(KeyVaultRoleScope.GLOBAL).stream().map(KeyVaultRoleAssignment::getName))
                .doesNotContain(name);
        assertDenied(() -> caller(NOBODY).keys().getKey(ec.getName()), "keys/read/action", "/keys/" + ec.getName());
    }

    @Test
    void anAssignmentAtOneKeyLimitsThePrincipalToThatKey() {
        KeyVaultRoleScope scope = KeyVaultRoleScope.fromString("/keys/" + ec.getName());
        KeyVaultRoleAssignment a = admin.createRoleAssignment(scope, roleIds.get(Role.CRYPTO_USER.roleName), KEY_ONLY);
        try {
            assertThat(a.getProperties().getScope()).isEqualTo(scope);
            assertThat(admin.listRoleAssignments(scope).stream().map(KeyVaultRoleAssignment::getName))
                    .contains(a.getName());
            assertThat(admin.getRoleAssignment(scope, a.getName()).getProperties().getPrincipalId())
                    .isEqualTo(KEY_ONLY);
            assertThat(status(catchThrowable(() -> admin.getRoleAssignment(KeyVaultRoleScope.GLOBAL, a.getName()))))
                    .as("an assignment is read at its own scope").isEqualTo(404);

            Caller c = caller(KEY_ONLY);
            assertThat(c.crypto(ec.getId()).sign(SignatureAlgorithm.ES256, digest).getSignature()).isNotEmpty();
            assertThat(c.keys().getKey(ec.getName()).getName()).isEqualTo(ec.getName());
            assertDenied(() -> c.crypto(rsa.getId()).encrypt(EncryptionAlgorithm.RSA_OAEP, new byte[8]),
                    "keys/encrypt/action", "/keys/" + rsa.getName());
            assertDenied(() -> c.keys().getKey(rsa.getName()), "keys/read/action", "/keys/" + rsa.getName());
            assertDenied(() -> c.keys().listPropertiesOfKeys().iterator().next(), "keys/read/action", "/keys");
        } finally {
            admin.deleteRoleAssignment(scope, a.getName());
        }
    }

    @Test
    void anAdministratorAssignedAtKeysIsStoredThereAndGetsNothingAtThePoolScope() {
        String auditorRole = roleIds.get(Role.CRYPTO_AUDITOR.roleName);
        KeyVaultRoleAssignment a = admin.createRoleAssignment(KeyVaultRoleScope.KEYS,
                roleIds.get(Role.ADMINISTRATOR.roleName), KEYS_ADMIN);
        try {
            assertThat(a.getProperties().getScope()).isEqualTo(KeyVaultRoleScope.KEYS);
            assertThat(a.getId()).isEqualTo("/keys/providers/Microsoft.Authorization/roleAssignments/" + a.getName());
            assertThat(admin.getRoleAssignment(KeyVaultRoleScope.KEYS, a.getName()).getProperties().getScope())
                    .isEqualTo(KeyVaultRoleScope.KEYS);
            assertThat(status(catchThrowable(() -> admin.getRoleAssignment(KeyVaultRoleScope.GLOBAL, a.getName()))))
                    .as("an assignment at /keys is not one at /").isEqualTo(404);
            assertThat(admin.listRoleAssignments(KeyVaultRoleScope.GLOBAL).stream().map(KeyVaultRoleAssignment::getName))
                    .doesNotContain(a.getName());
            assertThat(admin.listRoleAssignments(KeyVaultRoleScope.KEYS).stream()
                    .filter(x -> x.getName().equals(a.getName())).map(x -> x.getProperties().getScope()))
                    .containsExactly(KeyVaultRoleScope.KEYS);

            Caller c = caller(KEYS_ADMIN);
            assertDenied(() -> http(c, "POST", "/securitydomain/download"), "securitydomain/download/action", "/");
            assertDenied(() -> http(c, "GET", "/securitydomain/upload"), "securitydomain/transferkey/read", "/");
            assertDenied(() -> http(c, "GET", "/hsmpool/export"), "backup/start/action", "/");
            // the bodied pool-scope calls refuse a lower role before the body is read
            assertDenied(() -> http(c, "POST", "/securitydomain/upload"), "securitydomain/upload/action", "/");
            assertDenied(() -> http(c, "POST", "/hsmpool/import"), "restore/start/action", "/");
            assertDenied(() -> http(c, "POST", "/hsmpool/securitydomain/drill"), "hsmpool/securitydomain/drill/action",
                    "/");
            assertDenied(() -> c.access().createRoleAssignment(KeyVaultRoleScope.GLOBAL,
                    roleIds.get(Role.ADMINISTRATOR.roleName), KEYS_ADMIN), "roleAssignments/write/action", "/");
            assertDenied(() -> c.access().listRoleAssignments(KeyVaultRoleScope.GLOBAL).iterator().next(),
                    "roleAssignments/read/action", "/");
            assertDenied(() -> c.access().setRoleDefinition(KeyVaultRoleScope.GLOBAL), "roleDefinitions/write/action",
                    "/");
            assertDenied(() -> c.keys().getKey(ec.getName()), "keys/read/action", "/keys/" + ec.getName());
            // what the role grants at /keys it may do there and below
            KeyVaultRoleAssignment below = c.access().createRoleAssignment(KeyVaultRoleScope.KEYS, auditorRole,
                    NOBODY);
            assertThat(below.getProperties().getScope()).isEqualTo(KeyVaultRoleScope.KEYS);
            c.access().deleteRoleAssignment(KeyVaultRoleScope.KEYS, below.getName());
            KeyVaultRoleScope one = KeyVaultRoleScope.fromString("/keys/" + ec.getName());
            c.access().deleteRoleAssignment(one, c.access().createRoleAssignment(one, auditorRole, NOBODY).getName());
        } finally {
            admin.deleteRoleAssignment(KeyVaultRoleScope.KEYS, a.getName());
        }
    }

    @Test
    void aCryptoUserAssignedAtKeysUsesEveryKeyAndNothingAtThePoolScope() {
        KeyVaultRoleAssignment a = admin.createRoleAssignment(KeyVaultRoleScope.KEYS,
                roleIds.get(Role.CRYPTO_USER.roleName), KEYS_USER);
        Caller c = caller(KEYS_USER);
        try {
            assertThat(c.keys().listPropertiesOfKeys().stream().map(k -> k.getName())).contains(ec.getName(),
                    rsa.getName());
            assertThat(c.crypto(ec.getId()).sign(SignatureAlgorithm.ES256, digest).getSignature()).isNotEmpty();
            assertThat(c.crypto(rsa.getId()).decrypt(EncryptionAlgorithm.RSA_OAEP, ciphertext).getPlainText())
                    .hasSize(16);
            assertThat(c.keys().getRandomBytes(8)).hasSize(8);
            assertDenied(() -> http(c, "POST", "/securitydomain/download"), "securitydomain/download/action", "/");
            assertDenied(() -> c.access().listRoleAssignments(KeyVaultRoleScope.GLOBAL).iterator().next(),
                    "roleAssignments/read/action", "/");
            // a lower role at the new /keys endpoints: it may read assignments there, not make one
            assertThat(c.access().listRoleAssignments(KeyVaultRoleScope.KEYS).stream()
                    .map(KeyVaultRoleAssignment::getName)).contains(a.getName());
            assertDenied(() -> c.access().createRoleAssignment(KeyVaultRoleScope.KEYS,
                    roleIds.get(Role.ADMINISTRATOR.roleName), KEYS_USER), "roleAssignments/write/action", "/keys");
            assertDenied(() -> c.access().deleteRoleAssignment(KeyVaultRoleScope.KEYS, a.getName()),
                    "roleAssignments/delete/action", "/keys");
        } finally {
            admin.deleteRoleAssignment(KeyVaultRoleScope.KEYS, a.getName());
        }
        assertDenied(() -> c.keys().getKey(ec.getName()), "keys/read/action", "/keys/" + ec.getName());
    }

    @Test
    void theAuditEndpointsNameNoServerPathAndCheckAHundredSealsAtMost() throws Exception {
        HttpResponse<String> head = pool.send("GET", "/hsmpool/audit/head", null);
        assertThat(head.statusCode()).as(head.body()).isEqualTo(200);
        assertThat(head.body()).contains("\"seq\"").doesNotContain("file").doesNotContain("/");
        String seal = "{\"seq\":1,\"prev\":\"" + "0".repeat(64) + "\",\"mac\":\"" + "0".repeat(64) + "\"}";
        String many = "{\"seals\":[" + String.join(",", java.util.Collections.nCopies(101, seal)) + "]}";
        HttpResponse<String> refused = pool.send("POST", "/hsmpool/audit/seals", many);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("BadParameter", "at most 100");
        String hundred = "{\"seals\":[" + String.join(",", java.util.Collections.nCopies(100, seal)) + "]}";
        HttpResponse<String> checked = pool.send("POST", "/hsmpool/audit/seals", hundred);
        assertThat(checked.statusCode()).as(checked.body()).isEqualTo(200);
        assertThat(checked.body()).doesNotContain("true");
        for (String nonce : List.of("short", "AB".repeat(16), "ab".repeat(65), "zz".repeat(16))) {
            HttpResponse<String> bad = pool.send("GET", "/hsmpool/audit/head?nonce=" + nonce, null);
            assertThat(bad.statusCode()).as(nonce + ": " + bad.body()).isEqualTo(400);
            assertThat(bad.body()).contains("BadParameter", "nonce");
        }
        HttpResponse<String> counted = pool.send("GET", "/hsmpool/audit/head?nonce=" + "0f".repeat(16), null);
        assertThat(counted.statusCode()).as(counted.body()).isEqualTo(200);
        assertThat(counted.body()).contains("\"counters\"", "\"unanswered\"");
    }

    @Test
    void aKeyHoldsTenAssignmentsAndThePoolFifty() {
        KeyVaultRoleScope keyScope = KeyVaultRoleScope.fromString("/keys/" + SdkPool.uniqueName("limit"));
        String auditorRole = roleIds.get(Role.CRYPTO_AUDITOR.roleName);
        List<String> atKey = new ArrayList<>();
        List<String> atPool = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                atKey.add(admin.createRoleAssignment(keyScope, auditorRole, "limit-" + i).getName());
            }
            assertThat(status(catchThrowable(() -> admin.createRoleAssignment(keyScope, auditorRole, "limit-10"))))
                    .isEqualTo(409);
            long existing = admin.listRoleAssignments(KeyVaultRoleScope.GLOBAL).stream().count();
            for (long i = existing; i < 50; i++) {
                atPool.add(admin.createRoleAssignment(KeyVaultRoleScope.GLOBAL, auditorRole, "limit-" + i).getName());
            }
            Throwable beyond = catchThrowable(
                    () -> admin.createRoleAssignment(KeyVaultRoleScope.GLOBAL, auditorRole, "limit-50"));
            assertThat(status(beyond)).isEqualTo(409);
            assertThat(beyond.getMessage()).contains("50");
        } finally {
            atKey.forEach(n -> admin.deleteRoleAssignment(keyScope, n));
            atPool.forEach(n -> admin.deleteRoleAssignment(KeyVaultRoleScope.GLOBAL, n));
        }
    }

    @Test
    void aCustomRoleDefinitionIsCreatedAssignedAndUsed() {
        String name = UUID.randomUUID().toString();
        KeyVaultRoleDefinition custom = admin.setRoleDefinitionWithResponse(new SetRoleDefinitionOptions(
                KeyVaultRoleScope.GLOBAL, name).setRoleName("signer").setDescription("reads and signs")
                .setPermissions(List.of(new KeyVaultPermission(List.of(), List.of(),
                        List.of(KeyVaultDataAction.READ_HSM_KEY, KeyVaultDataAction.SIGN_HSM_KEY), List.of())))
                .setAssignableScopes(List.of(KeyVaultRoleScope.GLOBAL)), com.azure.core.util.Context.NONE).getValue();
        try {
            assertThat(custom.getName()).isEqualTo(name);
            assertThat(custom.getRoleType()).isEqualTo(KeyVaultRoleType.CUSTOM_ROLE);
            assertThat(custom.getType()).isEqualTo(KeyVaultRoleDefinitionType.MICROSOFT_AUTHORIZATION_ROLE_DEFINITIONS);
            assertThat(custom.getPermissions().get(0).getDataActions())
                    .containsExactlyInAnyOrder(KeyVaultDataAction.READ_HSM_KEY, KeyVaultDataAction.SIGN_HSM_KEY);
            KeyVaultRoleDefinition read = admin.getRoleDefinition(KeyVaultRoleScope.GLOBAL, name);
            // azure-security-keyvault-administration 4.6.4 sends the definition's name (its GUID) as roleName,
            // whatever setRoleName says; the pool keeps what it is sent
            assertThat(read.getRoleName()).isEqualTo(name);
            assertThat(read.getDescription()).isEqualTo("reads and signs");
            List<KeyVaultRoleDefinition> all = admin.listRoleDefinitions(KeyVaultRoleScope.GLOBAL).stream().toList();
            assertThat(all).extracting(KeyVaultRoleDefinition::getRoleType).containsOnly(KeyVaultRoleType.BUILT_IN_ROLE,
                    KeyVaultRoleType.CUSTOM_ROLE);
            assertThat(all.stream().filter(d -> d.getRoleType() == KeyVaultRoleType.BUILT_IN_ROLE)).hasSize(9);

            KeyVaultRoleAssignment a = admin.createRoleAssignment(KeyVaultRoleScope.GLOBAL, custom.getId(), CUSTOM);
            Caller c = caller(CUSTOM);
            assertThat(c.crypto(ec.getId()).sign(SignatureAlgorithm.ES256, digest).getSignature()).isNotEmpty();
            assertThat(c.keys().getKey(ec.getName()).getName()).isEqualTo(ec.getName());
            assertDenied(() -> c.crypto(ec.getId()).verify(SignatureAlgorithm.ES256, digest, signature),
                    "keys/verify/action", "/keys/" + ec.getName());
            admin.deleteRoleAssignment(KeyVaultRoleScope.GLOBAL, a.getName());
        } finally {
            admin.deleteRoleDefinition(KeyVaultRoleScope.GLOBAL, name);
        }
        assertThat(status(catchThrowable(() -> admin.getRoleDefinition(KeyVaultRoleScope.GLOBAL, name))))
                .isEqualTo(404);
    }

    @Test
    void builtInRolesAreListedWithTheirIdsAndCannotBeDeletedOrChanged() {
        assertThat(roleIds).containsEntry("Managed HSM Administrator",
                "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/a290e904-7015-4bba-90c8-60543313cdb4");
        assertThat(roleIds.keySet()).containsAll(Stream.of(Role.values()).map(r -> r.roleName).toList());
        String adminGuid = "a290e904-7015-4bba-90c8-60543313cdb4";
        KeyVaultRoleDefinition builtIn = admin.getRoleDefinition(KeyVaultRoleScope.GLOBAL, adminGuid);
        assertThat(builtIn.getRoleType()).isEqualTo(KeyVaultRoleType.BUILT_IN_ROLE);
        assertThat(builtIn.getPermissions().get(0).getDataActions())
                .contains(KeyVaultDataAction.DOWNLOAD_HSM_SECURITY_DOMAIN).doesNotContain(KeyVaultDataAction.SIGN_HSM_KEY);
        assertThat(status(catchThrowable(() -> admin.deleteRoleDefinition(KeyVaultRoleScope.GLOBAL, adminGuid))))
                .isEqualTo(400);
        assertThat(status(catchThrowable(() -> admin.setRoleDefinition(KeyVaultRoleScope.GLOBAL, adminGuid))))
                .isEqualTo(400);
    }

    @Test
    void theInitialAdministratorIsNotAListedAssignmentAndAnUnassignedPrincipalMayDoNothing() {
        assertThat(admin.listRoleAssignments(KeyVaultRoleScope.GLOBAL).stream()
                .filter(a -> a.getProperties().getPrincipalId().equals(PoolHarness.TESTER))
                .map(a -> a.getProperties().getRoleDefinitionId()))
                .as("the harness assigned Crypto Officer and User; Administrator is implicit")
                .containsExactlyInAnyOrder(roleIds.get(Role.CRYPTO_OFFICER.roleName),
                        roleIds.get(Role.CRYPTO_USER.roleName));
        Caller nobody = caller(NOBODY);
        assertDenied(() -> http(nobody, "POST", "/securitydomain/download"), "securitydomain/download/action",
                "/");
        assertDenied(() -> nobody.keys().getRandomBytes(8), "rng/action", "/keys");
    }

    private static void http(Caller c, String method, String path) throws Exception {
        http(c, method, path, method.equals("GET") ? null : "{}");
    }

    private static void http(Caller c, String method, String path, String body) throws Exception {
        HttpResponse<String> r = pool.send(method, path, body, c.token());
        if (r.statusCode() / 100 != 2) {
            throw new Refused(r.statusCode(), r.body());
        }
    }

    /** A 403 AccessDenied naming the action and exactly {@code scope} ({@code /} is not {@code /keys}). */
    private static void assertDenied(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String action,
            String scope) {
        Throwable thrown = catchThrowable(call);
        assertThat(status(thrown)).as(String.valueOf(thrown)).isEqualTo(403);
        assertThat(thrown.getMessage()).contains("AccessDenied", P + action)
                .containsPattern("at scope " + java.util.regex.Pattern.quote(scope) + "(?![/0-9A-Za-z-])");
    }

    private static int status(Throwable t) {
        if (t instanceof HttpResponseException e) {
            return e.getResponse().getStatusCode();
        }
        if (t instanceof Refused r) {
            return r.status;
        }
        return t == null ? 0 : -1;
    }

    private static String freshKey() {
        return keys.createEcKey(new CreateEcKeyOptions(SdkPool.uniqueName("f")).setCurveName(KeyCurveName.P_256))
                .getName();
    }

    /** A key the tester deleted (soft): it waits in /deletedkeys. */
    private static String deletedKey() throws Exception {
        String name = freshKey();
        HttpResponse<String> r = pool.send("DELETE", "/keys/" + name, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return name;
    }

    /**
     * Restore the backup of a purged key: a principal that may restore but not purge gets past the
     * endpoint's check and is then refused the purged versions (409, issue 14 item 11).
     */
    private static void restorePurged(Caller c) throws Exception {
        byte[] backup = purgedBackup();
        try {
            c.keys().restoreKeyBackup(backup);
        } catch (HttpResponseException e) {
            if (e.getResponse().getStatusCode() != 409 || !e.getMessage().contains("only a principal who may purge")) {
                throw e;
            }
        }
    }

    /** The backup of a key that is gone (deleted and purged), so that it can be restored. */
    private static byte[] purgedBackup() throws Exception {
        String name = freshKey();
        byte[] backup = keys.backupKey(name);
        pool.send("DELETE", "/keys/" + name, null);
        HttpResponse<String> r = pool.send("DELETE", "/deletedkeys/" + name, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        return backup;
    }
}
