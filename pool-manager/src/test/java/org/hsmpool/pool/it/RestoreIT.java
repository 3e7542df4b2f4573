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
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 4, done-when 5: a fresh pool with new tokens, restored from the old pool's security-domain
 * blob with a quorum of shares plus the old pool's export, serves the old keys; its signatures
 * verify with the old public keys, and the old signatures verify in it. Issue 15: where a PostgreSQL
 * server is given, the fresh pool has two managers on it, and the manager that handed out the transfer
 * key dies before the upload, which the other one takes (the transfer key's node is in the store).
 */
class RestoreIT {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    @Test
    void aFreshPoolRestoredFromTheSecurityDomainAndAnExportServesTheOldKeys() throws Exception {
        String blob;
        JsonNode export;
        List<AdminKeyPair> admins;
        Map<String, JsonNode> oldKeys = new LinkedHashMap<>();
        Map<String, String> oldSignatures = new LinkedHashMap<>();
        try (PoolHarness old = new PoolHarness("restore-old", 2)) {
            blob = old.activate();
            admins = old.admins;
            for (int i = 0; i < 4; i++) {
                String name = "old-" + i;
                Keys.create(old.rest, name, Map.of("kty", "EC-HSM", "crv", "P-256"));
                oldKeys.put(name, old.rest.get("/keys/" + name).body().get("key"));
                oldSignatures.put(name, Keys.sign(old.rest, name, version(oldKeys.get(name)), "signed by the old pool")
                        .body().get("value").asText());
            }
            RestClient.Reply exported = old.rest.get("/hsmpool/export");
            assertThat(exported.status()).as(exported.raw()).isEqualTo(200);
            export = exported.body();
        }

        Map<String, String> store = TestDatabases.postgresGiven()
                ? TestDatabases.managerDatabase(Duration.ofSeconds(3)).managerProperties() : Map.of();
        try (PoolHarness fresh = new PoolHarness("restore-new", 2, store)) {
            ManagerProcess other = store.isEmpty() ? null : fresh.startManager("manager-2", store);
            RestClient.Reply early = fresh.rest.post("/securitydomain/upload", Map.of("value", blob, "shares",
                    List.of("x")));
            assertThat(early.status()).as(early.raw()).isEqualTo(400);
            assertThat(early.body().at("/error/message").asText()).contains("get the transfer key first");

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

            RestClient.Reply imported = fresh.rest.post("/hsmpool/import", export);
            assertThat(imported.status()).as(imported.raw()).isEqualTo(200);
            assertThat(imported.body().get("added").asInt()).isEqualTo(4);

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
