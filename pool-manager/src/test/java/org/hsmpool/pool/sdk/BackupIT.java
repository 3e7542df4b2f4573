package org.hsmpool.pool.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hsmpool.testkit.PoolHarness;
import org.hsmpool.testkit.TestJvm;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.BinaryData;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.security.keyvault.administration.KeyVaultAccessControlClient;
import com.azure.security.keyvault.administration.KeyVaultBackupClient;
import com.azure.security.keyvault.administration.KeyVaultBackupClientBuilder;
import com.azure.security.keyvault.administration.KeyVaultSettingsClient;
import com.azure.security.keyvault.administration.KeyVaultSettingsClientBuilder;
import com.azure.security.keyvault.administration.models.KeyVaultBackupOperation;
import com.azure.security.keyvault.administration.models.KeyVaultLongRunningOperation;
import com.azure.security.keyvault.administration.models.KeyVaultRoleScope;
import com.azure.security.keyvault.administration.models.KeyVaultSetting;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction;
import com.azure.security.keyvault.keys.models.KeyRotationPolicy;
import com.azure.security.keyvault.keys.models.KeyRotationPolicyAction;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 17, done-when 1 and 3: full backup, full restore, selective key restore and settings through
 * the official Java SDK ({@code KeyVaultBackupClient}, {@code KeyVaultSettingsClient}) against one
 * three-node pool and a real Azurite blob service (deploy/local/test-azurite.sh; skipped with its
 * reason only when none could start); and each failure (a tampered backup, one of another security
 * domain, a second job while one runs, a SAS without write permission, unreachable storage, a manager
 * restart) a clear 4xx or a Failed job with its reason, the pool unchanged. Misuse: lower roles, bad
 * bodies. The tests run in order on the same pool and backup.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SETTING = "AllowKeyManagementOperationsThroughARM";
    private static final String APP = "app";
    private static final String BACKUPPER = "backupper";
    private static final String NOBODY = "nobody";

    private static SdkPool pool;
    private static BlobContainerClient container;
    private static String containerUrl;
    private static String sas;
    private static String readOnlySas;
    private static KeyClient keys;
    private static KeyVaultBackupClient backups;
    private static Path directory;

    private static KeyVaultKey ec;
    private static KeyVaultKey rsa;
    private static KeyVaultKey rsaRotated;
    private static KeyVaultKey imported;
    private static byte[] importedPrivate;
    private static String principalSecret;
    private static String folderUrl;

    @BeforeAll
    static void start() throws Exception {
        String skip = System.getProperty("hsmpool.test.azurite.skip-reason");
        String url = System.getProperty("hsmpool.test.azurite.url");
        Assumptions.assumeTrue(skip == null && url != null, "no Azurite: "
                + (skip != null ? skip : "-Dhsmpool.test.azurite.url is not set (deploy/local/test.sh starts one)"));
        String account = url.substring(url.lastIndexOf('/') + 1);
        String key = Files.readString(Path.of(System.getProperty("hsmpool.test.azurite.key-file"))).trim();
        container = new BlobServiceClientBuilder().endpoint(url)
                .credential(new StorageSharedKeyCredential(account, key)).buildClient()
                .createBlobContainer("backups-" + UUID.randomUUID().toString().substring(0, 8));
        containerUrl = container.getBlobContainerUrl();
        OffsetDateTime expiry = OffsetDateTime.now().plusHours(1);
        sas = container.generateSas(new BlobServiceSasSignatureValues(expiry, BlobContainerSasPermission
                .parse("racwl")));
        readOnlySas = container.generateSas(new BlobServiceSasSignatureValues(expiry, BlobContainerSasPermission
                .parse("rl")));
        // the principal it backs up and restores has a client secret: a 600,000-round PBKDF2, ~2 s in the tests'
        // default C1-only code, ~0.3 s in C2
        pool = new SdkPool("backup", Map.of("hsmpool.pool.backup.storage-timeout", "3s"),
                List.of(APP, BACKUPPER, NOBODY), true, TestJvm.fullJit());
        // no hsmpool.pool.backup.directory: directories may lie under "backups" next to the store file
        directory = pool.harness.storeFile().toAbsolutePath().getParent().resolve("backups").resolve("local");
        keys = pool.keyClient();
        backups = backupClient(SdkPool.TOKEN);
        KeyVaultAccessControlClient access = pool.accessControlClient(SdkPool.TOKEN);
        access.createRoleAssignment(KeyVaultRoleScope.GLOBAL, "7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8", BACKUPPER);
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    @Order(1)
    void aFullBackupAndRestoreThroughTheSdkBringBackKeysRolesPoliciesAndSettings() throws Exception {
        CreateEcKeyOptions ecOptions = new CreateEcKeyOptions("bk-ec").setCurveName(KeyCurveName.P_256);
        ecOptions.setTags(Map.of("purpose", "backup test"));
        ec = keys.createEcKey(ecOptions);
        rsa = keys.createRsaKey(new CreateRsaKeyOptions("bk-rsa").setKeySize(2048));
        rsaRotated = keys.rotateKey("bk-rsa");
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = gen.generateKeyPair();
        importedPrivate = unsigned(((ECPrivateKey) pair.getPrivate()).getS().toByteArray(), 32);
        imported = keys.importKey("bk-imported", JsonWebKey.fromEc(pair, java.security.Security.getProvider("SunEC"))
                .setCurveName(KeyCurveName.P_256));
        keys.updateKeyRotationPolicy("bk-ec", new KeyRotationPolicy().setLifetimeActions(List.of(
                new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE).setTimeAfterCreate("P30D")))
                .setExpiresIn("P90D"));
        KeyVaultAccessControlClient access = pool.accessControlClient(SdkPool.TOKEN);
        String assignment = access.createRoleAssignment(KeyVaultRoleScope.GLOBAL,
                "21dbd100-6940-42c2-9190-5d6cb909625b", APP).getName();
        HttpResponse<String> principal = pool.send("POST", "/hsmpool/principals", "{\"displayName\":\"backed-up\"}");
        assertThat(principal.statusCode()).as(principal.body()).isEqualTo(201);
        principalSecret = JSON.readTree(principal.body()).get("secret").asText();

        KeyVaultSettingsClient settings = settingsClient(SdkPool.TOKEN);
        assertThat(settings.getSettings().getSettings()).extracting(KeyVaultSetting::getName).containsExactly(SETTING);
        assertThat(settings.getSetting(SETTING).asBoolean()).isFalse();
        assertThat(settings.updateSetting(new KeyVaultSetting(SETTING, true)).asBoolean()).isTrue();
        assertThat(settings.getSetting(SETTING).asBoolean()).isTrue();
        byte[] signedBefore = sign(APP, ec, "before the backup");

        SyncPoller<KeyVaultBackupOperation, String> backup = backups.beginBackup(containerUrl, sas)
                .setPollInterval(Duration.ofMillis(50));
        folderUrl = backup.getFinalResult();
        assertThat(folderUrl).startsWith(containerUrl + "/mhsm-");
        String folder = folderUrl.substring(containerUrl.length() + 1);
        byte[] document = container.getBlobClient(folder + "/backup.json").downloadContent().toBytes();
        JsonNode manifest = JSON.readTree(document).get("manifest");
        assertThat(manifest.get("keys").asInt()).isEqualTo(3);
        assertThat(manifest.get("versions").asInt()).isEqualTo(4);
        assertThat(manifest.get("rotationPolicies").asInt()).isEqualTo(1);
        assertThat(manifest.get("roleAssignments").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(manifest.get("principals").asInt()).isEqualTo(1);
        assertNoSecretIn(document);

        // lose everything: keys deleted and purged, the role assignment and the setting changed
        for (String name : List.of("bk-ec", "bk-rsa", "bk-imported")) {
            keys.beginDeleteKey(name).waitForCompletion(Duration.ofSeconds(30));
            keys.purgeDeletedKey(name);
        }
        access.deleteRoleAssignment(KeyVaultRoleScope.GLOBAL, assignment);
        settings.updateSetting(new KeyVaultSetting(SETTING, false));
        HttpResponse<String> denied = pool.send("POST", "/rng", "{\"count\":8}", PoolHarness.tokenOf(APP));
        assertThat(denied.statusCode()).as("the app without its role: " + denied.body()).isEqualTo(403);
        assertThat(keys.listPropertiesOfKeys().stream().map(p -> p.getName()).toList()).doesNotContain("bk-ec");

        var restore = backups.beginRestore(folderUrl, sas).setPollInterval(Duration.ofMillis(50));
        assertThat(restore.waitForCompletion(Duration.ofSeconds(120)).getStatus())
                .isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        restore.getFinalResult();

        for (KeyVaultKey k : List.of(ec, rsaRotated, imported)) {
            KeyVaultKey back = keys.getKey(k.getName());
            assertThat(back.getId()).isEqualTo(k.getId());
            assertThat(back.getKey().getX() == null ? back.getKey().getN() : back.getKey().getX())
                    .isEqualTo(k.getKey().getX() == null ? k.getKey().getN() : k.getKey().getX());
        }
        assertThat(keys.getKey("bk-rsa", rsa.getProperties().getVersion()).getId()).isEqualTo(rsa.getId());
        assertThat(keys.getKey("bk-ec").getProperties().getTags()).containsEntry("purpose", "backup test");
        assertThat(keys.getKeyRotationPolicy("bk-ec").getLifetimeActions().get(0).getTimeAfterCreate()).isEqualTo("P30D");
        assertThat(settings.getSetting(SETTING).asBoolean()).isTrue();
        // the assignment is back and enforced: the app signs again, and the signatures verify with the old keys
        assertThat(verifies(ec, "before the backup", signedBefore)).isTrue();
        assertThat(verifies(ec, "after the restore", sign(APP, ec, "after the restore"))).isTrue();
        assertThat(verifies(rsaRotated, "after the restore", sign(APP, rsaRotated, "after the restore"))).isTrue();
        assertThat(verifies(imported, "after the restore", sign(APP, imported, "after the restore"))).isTrue();
    }

    @Test
    @Order(2)
    void aSelectiveKeyRestoreBringsBackOneKeyWithEveryVersionAndNothingElse() throws Exception {
        for (String name : List.of("bk-rsa", "bk-ec")) {
            keys.beginDeleteKey(name).waitForCompletion(Duration.ofSeconds(30));
            keys.purgeDeletedKey(name);
        }
        var restore = backups.beginSelectiveKeyRestore("bk-rsa", folderUrl, sas).setPollInterval(Duration.ofMillis(50));
        assertThat(restore.waitForCompletion(Duration.ofSeconds(120)).getStatus())
                .isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        assertThat(keys.getKey("bk-rsa").getId()).isEqualTo(rsaRotated.getId());
        assertThat(keys.getKey("bk-rsa", rsa.getProperties().getVersion()).getId()).isEqualTo(rsa.getId());
        assertThat(verifies(rsaRotated, "selective", sign(SdkPool.TOKEN, rsaRotated, "selective"))).isTrue();
        assertThatThrownBy(() -> keys.getKey("bk-ec")).isInstanceOf(HttpResponseException.class);
        // the other key back for the tests below, selectively too
        assertThat(backups.beginSelectiveKeyRestore("bk-ec", folderUrl, sas).setPollInterval(Duration.ofMillis(50))
                .waitForCompletion(Duration.ofSeconds(120)).getStatus())
                .isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        assertThat(keys.getKey("bk-ec").getId()).isEqualTo(ec.getId());
    }

    @Test
    @Order(3)
    void aTamperedBackupOrOneOfAnotherSecurityDomainFailsTheRestoreAndChangesNothing() throws Exception {
        String folder = folderUrl.substring(containerUrl.length() + 1);
        byte[] document = container.getBlobClient(folder + "/backup.json").downloadContent().toBytes();
        byte[] seal = container.getBlobClient(folder + "/backup.mac").downloadContent().toBytes();
        long head = pool.status().get("logHead").asLong();
        List<String> before = keyIds();

        // one byte changed in the document (inside a sealed key's description), in the seal, or a byte appended
        byte[] flipped = document.clone();
        int at = new String(document, StandardCharsets.ISO_8859_1).indexOf("\"enabled\":true") + 11;
        flipped[at] = (byte) 'T';
        assertRestoreFails(copy("tampered-doc", flipped, seal), "InvalidBackup", "does not verify");
        byte[] digit = document.clone();
        int created = new String(document, StandardCharsets.ISO_8859_1).indexOf("\"created\":") + 12;
        digit[created] = (byte) (digit[created] == '9' ? '8' : digit[created] + 1);
        assertRestoreFails(copy("tampered-time", digit, seal), "InvalidBackup", "does not verify");
        byte[] badSeal = seal.clone();
        badSeal[5] = (byte) (badSeal[5] == 'A' ? 'B' : 'A');
        assertRestoreFails(copy("tampered-mac", document, badSeal), "InvalidBackup", "does not verify");
        byte[] longer = java.util.Arrays.copyOf(seal, seal.length + 1);
        longer[seal.length] = '\n';
        assertRestoreFails(copy("tampered-mac-newline", document, longer), "InvalidBackup", "does not verify");
        // another security domain: the document names another domain (and its seal is not this domain's)
        String pool2 = new String(document, StandardCharsets.UTF_8).replaceFirst("\"domain\":\"[^\"]*\"",
                "\"domain\":\"" + UUID.randomUUID().toString().replace("-", "") + "\"");
        assertRestoreFails(copy("other-domain", pool2.getBytes(StandardCharsets.UTF_8), seal), "InvalidBackup",
                "security domain");
        assertRestoreFails("no-such-backup", "BackupNotFound", "");

        assertThat(pool.status().get("logHead").asLong()).isEqualTo(head);
        assertThat(keyIds()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aSecondJobWhileOneRunsIs409AndUnreachableStorageFailsTheJobWithItsReason() throws Exception {
        long head = pool.status().get("logHead").asLong();
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // a storage that accepts connections and never answers: the job waits for it (3 s here)
            String blackhole = "http://127.0.0.1:" + silent.getLocalPort() + "/acct/backups";
            HttpResponse<String> first = pool.send("POST", "/backup", body(blackhole, sas));
            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            assertThat(first.headers().firstValue("Azure-AsyncOperation")).get().asString()
                    .endsWith("/backup/" + JSON.readTree(first.body()).get("jobId").asText() + "/pending");
            assertThat(first.headers().firstValue("Retry-After")).contains("1");
            HttpResponse<String> second = pool.send("POST", "/backup", body(containerUrl, sas));
            assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
            assertThat(second.body()).contains("Conflict", "one backup or restore at a time").doesNotContain(sas);
            HttpResponse<String> restore = pool.send("PUT", "/restore", restoreBody(containerUrl, sas, "any"));
            assertThat(restore.statusCode()).as(restore.body()).isEqualTo(409);
            JsonNode failed = await("backup", JSON.readTree(first.body()).get("jobId").asText());
            assertThat(failed.get("status").asText()).isEqualTo("Failed");
            assertThat(failed.get("error").get("code").asText()).isEqualTo("StorageUnavailable");
            assertThat(failed.get("error").get("message").asText()).contains("did not answer");
        }
        // a port nobody listens on
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        SyncPoller<KeyVaultBackupOperation, String> refused = backups.beginBackup(
                "http://127.0.0.1:" + closed + "/acct/backups", sas).setPollInterval(Duration.ofMillis(50));
        assertFailed(refused.waitForCompletion(Duration.ofSeconds(60)), "StorageUnavailable");
        assertThat(pool.status().get("logHead").asLong()).isEqualTo(head);
    }

    @Test
    @Order(5)
    void aSasWithoutWritePermissionFailsTheBackupWithItsReason() {
        SyncPoller<KeyVaultBackupOperation, String> backup = backups.beginBackup(containerUrl, readOnlySas)
                .setPollInterval(Duration.ofMillis(50));
        PollResponse<KeyVaultBackupOperation> done = backup.waitForCompletion(Duration.ofSeconds(60));
        assertFailed(done, "StorageAccessDenied");
        assertThat(done.getValue().getError().getMessage()).contains("SAS token does not allow").doesNotContain(readOnlySas);
    }

    @Test
    @Order(6)
    void lowerRolesAreRefusedAndTheBackupRoleBacksUpButCannotRestore() throws Exception {
        String backupBody = body(containerUrl, sas);
        for (String who : List.of(NOBODY, APP)) {
            String token = PoolHarness.tokenOf(who);
            assertDenied(pool.send("POST", "/backup", backupBody, token), "backup/start/action");
            assertDenied(pool.send("PUT", "/restore", restoreBody(containerUrl, sas, "x"), token), "restore/start/action");
            assertDenied(pool.send("PUT", "/keys/bk-ec/restore", keyRestoreBody(containerUrl, sas, "x"), token),
                    "restore/start/action");
            assertDenied(pool.send("GET", "/backup/" + "0".repeat(32) + "/pending", null, token), "backup/status/action");
            assertDenied(pool.send("GET", "/settings", null, token), "hsmpool/settings/read/action");
            assertDenied(pool.send("PATCH", "/settings/" + SETTING, "{\"value\":\"false\"}", token),
                    "hsmpool/settings/write/action");
        }
        KeyVaultBackupClient backupRole = backupClient(PoolHarness.tokenOf(BACKUPPER));
        assertThat(backupRole.beginBackup(containerUrl, sas).setPollInterval(Duration.ofMillis(50))
                .waitForCompletion(Duration.ofSeconds(60)).getStatus())
                .isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                () -> backupRole.beginRestore(folderUrl, sas).waitForCompletion(Duration.ofSeconds(10)));
        assertThat(refused).isInstanceOf(HttpResponseException.class);
        assertThat(((HttpResponseException) refused).getResponse().getStatusCode()).isEqualTo(403);
    }

    @Test
    @Order(7)
    void badRequestsAre4xxThatNeverEchoTheToken() throws Exception {
        long head = pool.status().get("logHead").asLong();
        String outside = Files.createTempDirectory("outside").toUri().toString();
        Map<String, String> bad = Map.of(
                "{}", "storageResourceUri is required",
                "{\"storageResourceUri\":\"" + containerUrl + "\"}", "token",
                "{\"storageResourceUri\":\"" + containerUrl + "?" + sas + "\",\"token\":\"" + sas + "\"}", "query",
                "{\"storageResourceUri\":\"http://example.com/c\",\"token\":\"" + sas + "\"}", "https",
                "{\"storageResourceUri\":\"" + containerUrl + "\",\"token\":\"" + sas + "\",\"useManagedIdentity\":true}",
                "useManagedIdentity",
                "{\"storageResourceUri\":\"" + outside + "\"}", "must lie under",
                "{\"storageResourceUri\":\"ftp://host/c\",\"token\":\"" + sas + "\"}", "https",
                "{\"storageResourceUri\":5}", "must be a string",
                "[1,2]", "JSON object",
                "{\"storageResourceUri\":\"a\",\"storageResourceUri\":\"b\"}", "not valid JSON");
        for (var e : bad.entrySet()) {
            HttpResponse<String> r = pool.send("POST", "/backup", e.getKey());
            assertThat(r.statusCode()).as(e.getKey() + " -> " + r.body()).isEqualTo(400);
            assertThat(r.body()).contains("BadParameter", e.getValue()).doesNotContain(sas);
        }
        for (String folder : List.of("../etc", "a/b", "", "..")) {
            HttpResponse<String> r = pool.send("PUT", "/restore", restoreBody(containerUrl, sas, folder));
            assertThat(r.statusCode()).as(folder + " -> " + r.body()).isEqualTo(400);
        }
        assertThat(pool.send("PUT", "/keys/bad_name/restore", keyRestoreBody(containerUrl, sas, "f")).statusCode())
                .isEqualTo(400);
        assertThat(pool.send("GET", "/backup/" + "0".repeat(32) + "/pending", null).statusCode()).isEqualTo(404);
        assertThat(pool.send("GET", "/restore/not-a-job/pending", null).statusCode()).isEqualTo(404);
        assertThat(pool.send("GET", "/settings/NoSuchSetting", null).statusCode()).isEqualTo(404);
        HttpResponse<String> notBoolean = pool.send("PATCH", "/settings/" + SETTING, "{\"value\":\"maybe\"}");
        assertThat(notBoolean.statusCode()).as(notBoolean.body()).isEqualTo(400);
        assertThat(pool.send("PATCH", "/settings/" + SETTING, "{\"value\":true}").statusCode()).isEqualTo(400);
        assertThat(settingsClient(SdkPool.TOKEN).getSetting(SETTING).asBoolean()).isTrue();
        assertThat(pool.status().get("logHead").asLong()).isEqualTo(head);
        // nothing of the SAS tokens in the manager's log, after every failure above
        assertThat(pool.managerLog()).doesNotContain(sas.substring(sas.indexOf("sig=") + 4))
                .doesNotContain(readOnlySas.substring(readOnlySas.indexOf("sig=") + 4));
    }

    @Test
    @Order(8)
    void aLocalDirectoryTargetBacksUpAndRestoresTheSameWay() throws Exception {
        HttpResponse<String> started = pool.send("POST", "/backup", "{\"storageResourceUri\":\""
                + directory.toUri() + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode done = await("backup", JSON.readTree(started.body()).get("jobId").asText());
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("Succeeded");
        String folder = Path.of(java.net.URI.create(done.get("azureStorageBlobContainerUri").asText()))
                .getFileName().toString();
        assertThat(java.nio.file.Files.getPosixFilePermissions(directory.resolve(folder)))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        assertNoSecretIn(Files.readAllBytes(directory.resolve(folder).resolve("backup.json")));
        HttpResponse<String> restore = pool.send("PUT", "/restore", "{\"sasTokenParameters\":{\"storageResourceUri\":\""
                + directory.toUri() + "\"},\"folderToRestore\":\"" + folder + "\"}");
        assertThat(restore.statusCode()).as(restore.body()).isEqualTo(202);
        assertThat(await("restore", JSON.readTree(restore.body()).get("jobId").asText()).get("status").asText())
                .isEqualTo("Succeeded");
        assertThat(keys.getKey("bk-ec").getId()).isEqualTo(ec.getId());
    }

    @Test
    @Order(9)
    void aJobThatARestartedManagerLeftRunningIsFailedNotLeftInProgress() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            HttpResponse<String> first = pool.send("POST", "/backup", body("http://127.0.0.1:"
                    + silent.getLocalPort() + "/acct/backups", sas));
            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            String job = JSON.readTree(first.body()).get("jobId").asText();
            int port = pool.harness.restartManager().port();
            HttpResponse<String> after = java.net.http.HttpClient.newBuilder().sslContext(pool.ssl).build().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://localhost:" + port + "/backup/"
                            + job + "/pending?api-version=7.5")).header("Authorization", "Bearer " + SdkPool.TOKEN)
                            .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
            JsonNode status = JSON.readTree(after.body());
            assertThat(status.get("status").asText()).isEqualTo("Failed");
            assertThat(status.get("error").get("code").asText()).isEqualTo("JobInterrupted");
            assertThat(status.get("error").get("message").asText()).contains("manager stopped");
        }
    }

    // ---- helpers

    private static KeyVaultBackupClient backupClient(String token) {
        return new KeyVaultBackupClientBuilder().vaultUrl(pool.vaultUrl).credential(pool.credential(token))
                .httpClient(pool.sdkHttpClient()).disableChallengeResourceVerification()
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1)))).buildClient();
    }

    private static KeyVaultSettingsClient settingsClient(String token) {
        return new KeyVaultSettingsClientBuilder().vaultUrl(pool.vaultUrl).credential(pool.credential(token))
                .httpClient(pool.sdkHttpClient()).disableChallengeResourceVerification()
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1)))).buildClient();
    }

    private static byte[] sign(String principalOrToken, KeyVaultKey key, String message) throws Exception {
        String token = principalOrToken.equals(APP) ? PoolHarness.tokenOf(APP) : principalOrToken;
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message.getBytes(StandardCharsets.UTF_8));
        SignatureAlgorithm alg = key.getKey().getN() != null ? SignatureAlgorithm.RS256 : SignatureAlgorithm.ES256;
        return pool.cryptographyClient(key.getId(), token).sign(alg, digest).getSignature();
    }

    /** Verified in this JVM with the public key the pool gave before the backup. */
    private static boolean verifies(KeyVaultKey key, String message, byte[] signature) throws Exception {
        Signature s;
        if (key.getKey().getN() != null) {
            s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key.getKey().toRsa(false).getPublic());
        } else {
            s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initVerify(key.getKey().toEc(false, java.security.Security.getProvider("SunEC")).getPublic());
        }
        s.update(message.getBytes(StandardCharsets.UTF_8));
        return s.verify(signature);
    }

    /** No private key of an imported key, no SAS token, bearer token or client secret, in any encoding. */
    private static void assertNoSecretIn(byte[] backup) {
        String text = new String(backup, StandardCharsets.ISO_8859_1);
        List<String> secrets = new ArrayList<>(List.of(Base64.getUrlEncoder().withoutPadding().encodeToString(importedPrivate),
                Base64.getEncoder().encodeToString(importedPrivate), HexFormat.of().formatHex(importedPrivate),
                new String(importedPrivate, StandardCharsets.ISO_8859_1), sas, readOnlySas, SdkPool.TOKEN,
                principalSecret));
        secrets.add(sas.substring(sas.indexOf("sig=") + 4));
        for (String secret : secrets) {
            assertThat(text).as("a secret in the backup").doesNotContain(secret);
        }
        assertThat(text).doesNotContain("\"d\"", "PRIVATE KEY");
    }

    private static String copy(String folder, byte[] document, byte[] seal) {
        String name = folder + "-" + UUID.randomUUID().toString().substring(0, 8);
        container.getBlobClient(name + "/backup.json").upload(BinaryData.fromBytes(document));
        container.getBlobClient(name + "/backup.mac").upload(BinaryData.fromBytes(seal));
        return name;
    }

    private static void assertRestoreFails(String folder, String code, String message) {
        var restore = backups.beginRestore(containerUrl + "/" + folder, sas).setPollInterval(Duration.ofMillis(50));
        PollResponse<?> done = restore.waitForCompletion(Duration.ofSeconds(60));
        assertFailed(done, code);
        KeyVaultLongRunningOperation op = (KeyVaultLongRunningOperation) done.getValue();
        assertThat(op.getError().getMessage()).contains(message).doesNotContain(sas);
    }

    private static void assertFailed(PollResponse<?> done, String code) {
        assertThat(done.getStatus()).isEqualTo(LongRunningOperationStatus.FAILED);
        KeyVaultLongRunningOperation op = (KeyVaultLongRunningOperation) done.getValue();
        assertThat(op.getStatus()).isEqualTo("Failed");
        assertThat(op.getError().getCode()).as(op.getError().getMessage()).isEqualTo(code);
        assertThat(op.getEndTime()).isNotNull();
    }

    private static void assertDenied(HttpResponse<String> r, String action) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(r.body()).contains("AccessDenied", action);
    }

    private static JsonNode await(String kind, String jobId) throws Exception {
        for (int i = 0; i < 1200; i++) {
            JsonNode status = JSON.readTree(pool.send("GET", "/" + kind + "/" + jobId + "/pending", null).body());
            if (!status.get("status").asText().equals("InProgress")) {
                return status;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("job " + jobId + " still runs");
    }

    private List<String> keyIds() {
        return keys.listPropertiesOfKeys().stream().map(p -> p.getId()).sorted().toList();
    }

    private static String body(String uri, String token) {
        return "{\"storageResourceUri\":\"" + uri + "\",\"token\":\"" + token + "\"}";
    }

    private static String restoreBody(String uri, String token, String folder) {
        return "{\"sasTokenParameters\":" + body(uri, token) + ",\"folderToRestore\":\"" + folder + "\"}";
    }

    private static String keyRestoreBody(String uri, String token, String folder) {
        return "{\"sasTokenParameters\":" + body(uri, token) + ",\"folder\":\"" + folder + "\"}";
    }

    private static byte[] unsigned(byte[] value, int length) {
        byte[] out = new byte[length];
        int copy = Math.min(value.length, length);
        System.arraycopy(value, value.length - copy, out, length - copy, copy);
        return out;
    }
}
