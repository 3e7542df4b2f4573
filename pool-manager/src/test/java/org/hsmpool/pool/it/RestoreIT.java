package org.hsmpool.pool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.hsmpool.pool.store.TestDatabases;
import org.hsmpool.sd.AdminKeyPair;
import org.hsmpool.sd.SecurityDomainBlob;
import org.hsmpool.sd.ShareEnvelope;
import org.hsmpool.sd.TransferKey;
import org.hsmpool.testkit.ManagerProcess;
import org.hsmpool.testkit.PoolHarness;
import org.hsmpool.testkit.RestClient;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 4, done-when 5, and issue 17, done-when 2 (disaster recovery): pool A (keys, a role
 * assignment, a rotation policy, a setting) makes a full backup into a directory; pool B, with new
 * tokens, takes A's security domain with two of the three shares and restores the backup
 * ({@code PUT /restore}). B serves A's keys (its signatures verify with A's public keys and A's
 * signatures verify in B), A's role assignment is back and enforced, and so are A's rotation
 * policy and setting. A backup job of B before the upload is refused.
 * Issue 15: where a PostgreSQL server is given, pool B has two managers on it, and the manager that
 * handed out the transfer key dies before the upload, which the other one takes (the transfer key's
 * node is in the store); the restore then runs on the surviving manager.
 */
class RestoreIT {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final String APP = "app";
    private static final String CRYPTO_USER = "21dbd100-6940-42c2-9190-5d6cb909625b";

    @Test
    void aFreshPoolRestoredFromTheSecurityDomainAndAFullBackupServesEverythingOfTheOldPool() throws Exception {
        java.nio.file.Path backups = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("target"), "dr-")
                .toAbsolutePath();
        Map<String, String> config = Map.of("hsmpool.pool.backup.directory", backups.toString());
        String blob;
        String folder;
        List<AdminKeyPair> admins;
        Map<String, JsonNode> oldKeys = new LinkedHashMap<>();
        Map<String, String> oldSignatures = new LinkedHashMap<>();
        try (PoolHarness old = new PoolHarness("restore-old", 2, config, List.of(APP))) {
            blob = old.activate();
            admins = old.admins;
            for (int i = 0; i < 4; i++) {
                String name = "old-" + i;
                Keys.create(old.rest, name, Map.of("kty", "EC-HSM", "crv", "P-256"));
                oldKeys.put(name, old.rest.get("/keys/" + name).body().get("key"));
                oldSignatures.put(name, Keys.sign(old.rest, name, version(oldKeys.get(name)), "signed by the old pool")
                        .body().get("value").asText());
            }
            // a role assignment (Crypto User on old-0 only), a rotation policy, a setting
            RestClient.Reply assigned = old.rest.raw("PUT", "/keys/old-0/providers/Microsoft.Authorization/"
                    + "roleAssignments/" + java.util.UUID.randomUUID() + "?api-version=7.5", RestClient.JSON
                            .writeValueAsBytes(Map.of("properties", Map.of("roleDefinitionId", CRYPTO_USER,
                                    "principalId", APP))));
            assertThat(assigned.status()).as(assigned.raw()).isEqualTo(201);
            RestClient.Reply policy = old.rest.raw("PUT", "/keys/old-1/rotationpolicy?api-version=7.5",
                    "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P45D\"},\"action\":{\"type\":\"Rotate\"}}],\"attributes\":{\"expiryTime\":\"P90D\"}}"
                            .getBytes());
            assertThat(policy.status()).as(policy.raw()).isEqualTo(200);
            assertThat(old.rest.raw("PATCH", "/settings/AllowKeyManagementOperationsThroughARM?api-version=7.5",
                    "{\"value\":\"true\"}".getBytes()).status()).isEqualTo(200);
            RestClient.Reply started = old.rest.post("/backup", Map.of("storageResourceUri", backups.toUri().toString()));
            assertThat(started.status()).as(started.raw()).isEqualTo(202);
            JsonNode done = awaitJob(old.rest, "backup", started.body().get("jobId").asText());
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("Succeeded");
            String uri = done.get("azureStorageBlobContainerUri").asText();
            folder = java.nio.file.Path.of(java.net.URI.create(uri)).getFileName().toString();
        }

        Map<String, String> freshConfig = new LinkedHashMap<>(config);
        if (TestDatabases.postgresGiven()) {
            freshConfig.putAll(TestDatabases.managerDatabase(Duration.ofSeconds(3)).managerProperties());
        }
        try (PoolHarness fresh = new PoolHarness("restore-new", 2, freshConfig, List.of(APP))) {
            ManagerProcess other = TestDatabases.postgresGiven() ? fresh.startManager("manager-2", freshConfig) : null;
            RestClient.Reply early = fresh.rest.post("/securitydomain/upload", Map.of("value", blob, "shares",
                    List.of("x")));
            assertThat(early.status()).as(early.raw()).isEqualTo(400);
            assertThat(early.body().at("/error/message").asText()).contains("get the transfer key first");
            RestClient.Reply earlyRestore = fresh.rest.raw("PUT", "/restore?api-version=7.5",
                    RestClient.JSON.writeValueAsBytes(Map.of("sasTokenParameters",
                            Map.of("storageResourceUri", backups.toUri().toString()), "folderToRestore", folder)));
            assertThat(earlyRestore.status()).as("a restore before the security domain is there: "
                    + earlyRestore.raw()).isEqualTo(403);

            RestClient.Reply transfer = fresh.rest.get("/securitydomain/upload");
            assertThat(transfer.status()).as(transfer.raw()).isEqualTo(200);
            TransferKey transferKey = TransferKey.parse(RestClient.JSON.writeValueAsString(transfer.body().get("transfer_key")));
            SecurityDomainBlob parsed = SecurityDomainBlob.parse(blob);
            List<String> shares = new ArrayList<>();
            for (AdminKeyPair admin : admins.subList(1, 3)) {
                shares.add(ShareEnvelope.reencryptForTransferKey(parsed, admin.certificate(), admin.privateKey(),
                        transferKey));
            }
            if (other != null) {
                fresh.failOverTo(other);
                fresh.awaitNodes("HEALTHY", 2, Duration.ofSeconds(60));
            }
            RestClient.Reply upload = fresh.rest.post("/securitydomain/upload", Map.of("value", blob, "shares", shares));
            assertThat(upload.status()).as(upload.raw()).isEqualTo(202);
            assertThat(fresh.rest.get("/securitydomain/upload/pending").body().get("status").asText())
                    .isEqualTo("Success");
            fresh.awaitNodes("HEALTHY", 2, Duration.ofSeconds(30));
            fresh.grantTesterKeyRoles();

            RestClient.Reply restore = fresh.rest.raw("PUT", "/restore?api-version=7.5", RestClient.JSON
                    .writeValueAsBytes(Map.of("sasTokenParameters", Map.of("storageResourceUri",
                            backups.toUri().toString()), "folderToRestore", folder)));
            assertThat(restore.status()).as(restore.raw()).isEqualTo(202);
            JsonNode restored = awaitJob(fresh.rest, "restore", restore.body().get("jobId").asText());
            assertThat(restored.get("status").asText()).as(restored.toString()).isEqualTo("Succeeded");
            fresh.awaitNodes("HEALTHY", 2, Duration.ofSeconds(30));

            // A's role assignment is B's: the app signs with old-0 and nothing else
            RestClient app = fresh.restWithToken(PoolHarness.tokenOf(APP));
            assertThat(Keys.sign(app, "old-0", version(oldKeys.get("old-0")), "by the app").status()).isEqualTo(200);
            assertThat(Keys.sign(app, "old-1", version(oldKeys.get("old-1")), "by the app").status()).isEqualTo(403);
            assertThat(fresh.rest.get("/keys/old-1/rotationpolicy").body().path("lifetimeActions").get(0)
                    .path("trigger").path("timeAfterCreate").asText()).isEqualTo("P45D");
            assertThat(fresh.rest.get("/settings/AllowKeyManagementOperationsThroughARM").body().get("value").asText())
                    .isEqualTo("true");

            for (Map.Entry<String, JsonNode> key : oldKeys.entrySet()) {
                String name = key.getKey();
                String version = version(key.getValue());
                RestClient.Reply signed = Keys.sign(fresh.rest, name, version, "signed by the restored pool");
                assertThat(signed.status()).as(signed.raw()).isEqualTo(200);
                assertThat(verifyWithJwk(key.getValue(), "signed by the restored pool",
                        signed.body().get("value").asText())).as("restored signature under the old public key").isTrue();
                assertThat(Keys.verifies(fresh.rest, name, version, "signed by the old pool",
                        RestClient.JSON.createObjectNode().put("value", oldSignatures.get(name)))).isTrue();
            }
        }
    }

    private static JsonNode awaitJob(RestClient rest, String kind, String jobId) throws Exception {
        for (int i = 0; i < 2400; i++) {
            JsonNode status = rest.get("/" + kind + "/" + jobId + "/pending").body();
            if (!status.get("status").asText().equals("InProgress")) {
                return status;
            }
            Thread.sleep(25);
        }
        throw new AssertionError(kind + " job " + jobId + " still runs");
    }

    private static String version(JsonNode jwk) {
        String kid = jwk.get("kid").asText();
        return kid.substring(kid.lastIndexOf('/') + 1);
    }

    private static boolean verifyWithJwk(JsonNode jwk, String message, String signature) throws Exception {
        ECNamedCurveParameterSpec params = ECNamedCurveTable.getParameterSpec("secp256r1");
        Base64.Decoder d = Base64.getUrlDecoder();
        var point = params.getCurve().createPoint(new BigInteger(1, d.decode(jwk.get("x").asText())),
                new BigInteger(1, d.decode(jwk.get("y").asText())));
        PublicKey key = KeyFactory.getInstance("EC", BC).generatePublic(new ECPublicKeySpec(point, params));
        Signature s = Signature.getInstance("SHA256withPLAIN-ECDSA", BC);
        s.initVerify(key);
        s.update(message.getBytes());
        return s.verify(d.decode(signature));
    }

    static byte[] sha256(String m) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(m.getBytes());
    }
}
