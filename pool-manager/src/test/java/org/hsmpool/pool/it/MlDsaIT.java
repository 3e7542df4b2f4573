package org.hsmpool.pool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.hsmpool.node.testing.MlDsaSignatures;
import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.pki.KeyAttestationDocument;
import org.hsmpool.nodeapi.v1.InfoRequest;
import org.hsmpool.nodeapi.v1.KeyHolder;
import org.hsmpool.nodeapi.v1.ListKeysRequest;
import org.hsmpool.nodeapi.v1.SignAlgorithm;
import org.hsmpool.nodeapi.v1.SignRequest;
import org.hsmpool.testkit.NodeProcess;
import org.hsmpool.testkit.PoolHarness;
import org.hsmpool.testkit.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;

/**
 * ML-DSA keys through the REST API (issue 20) with the JDK's HTTPS client (the Azure SDK for Java
 * cannot send kty AKP): keys of the three sizes are created and sign, and their signatures verify with
 * Bouncy Castle's JCA provider, independently of the pool; a changed message or signature fails;
 * misuse is a 400 that names it; a Crypto Auditor cannot sign; a key survives a wiped node's catch-up,
 * a rotation and a backup/restore; a client's seed is in no log and not in the store.
 */
class MlDsaIT {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String AUDITOR = "auditor";
    private static final String CRYPTO_AUDITOR = "2c18b078-7c48-4d3a-af88-5a3a1b3f82b3";
    private static PoolHarness pool;

    @BeforeAll
    static void start() throws Exception {
        pool = new PoolHarness("ml-dsa", 2, Map.of(), List.of(AUDITOR));
        pool.activate();
        RestClient.Reply r = pool.rest.raw("PUT", "/providers/Microsoft.Authorization/roleAssignments/"
                + UUID.randomUUID() + "?api-version=7.5", RestClient.JSON.writeValueAsBytes(Map.of("properties",
                        Map.of("roleDefinitionId", CRYPTO_AUDITOR, "principalId", AUDITOR))));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        pool.awaitNodes("HEALTHY", 2, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) {
            pool.close();
        }
    }

    @ParameterizedTest(name = "ML-DSA-{0}")
    @ValueSource(ints = {44, 65, 87})
    void aKeyOfEachSizeSignsAndBouncyCastleVerifiesIt(int size) throws Exception {
        String name = "ml-dsa-" + size;
        JsonNode key = create(name, "AKP-HSM", "ML-DSA-" + size);
        assertThat(key.path("key").path("kty").asText()).isEqualTo("AKP-HSM");
        assertThat(key.path("key").path("alg").asText()).isEqualTo("ML-DSA-" + size);
        assertThat(key.path("key").path("key_ops").toString()).isEqualTo("[\"sign\",\"verify\"]");
        assertThat(key.path("attributes").path("hsmPlatform").asText()).isEqualTo("hsmpool-node-process-sealed");
        byte[] pub = B64D.decode(key.path("key").path("pub").asText());
        assertThat(pub).hasSize(size == 44 ? 1312 : size == 65 ? 1952 : 2592);
        for (JsonNode node : pool.status().path("nodes")) {
            assertThat(node.path("mlDsaKeys").asText()).as(node.toString()).isEqualTo("node-process");
        }

        byte[] message = new byte[4096];
        new SecureRandom().nextBytes(message);
        byte[] signature = sign(name, "ML-DSA-" + size, message);
        assertThat(MlDsaSignatures.verifies(size, pub, message, signature)).isTrue();
        assertThat(verify(name, "ML-DSA-" + size, message, signature)).isTrue();

        byte[] otherMessage = message.clone();
        otherMessage[4095] ^= 1;
        byte[] otherSignature = signature.clone();
        otherSignature[0] ^= 1;
        assertThat(verify(name, "ML-DSA-" + size, otherMessage, signature)).isFalse();
        assertThat(verify(name, "ML-DSA-" + size, message, otherSignature)).isFalse();
        assertThat(MlDsaSignatures.verifies(size, pub, otherMessage, signature)).isFalse();
    }

    @Test
    void misuseIsABadRequestThatNamesIt() throws Exception {
        create("ml-dsa-misuse", "AKP", "ML-DSA-65"); // AKP is accepted for AKP-HSM, as RSA is for RSA-HSM
        create("ec-misuse", "EC-HSM", null);
        byte[] message = "m".getBytes();
        badParameter(signReply("ml-dsa-misuse", "ML-DSA-44", message), "ML-DSA-44 cannot be used with an ML-DSA-65");
        badParameter(signReply("ml-dsa-misuse", "ES256", new byte[32]), "ES256 cannot be used with a AKP-HSM key");
        badParameter(signReply("ec-misuse", "ML-DSA-65", message), "ML-DSA-65 cannot be used with a EC-HSM key");
        badParameter(signReply("ml-dsa-misuse", "ML-DSA-65", new byte[4097]), "1..4096 bytes, got 4097");
        badParameter(pool.rest.post("/keys/bad/create", Map.of("kty", "AKP-HSM", "alg", "ML-DSA-66")), "alg");
        badParameter(pool.rest.post("/keys/bad/create", Map.of("kty", "AKP-HSM")), "alg");
        badParameter(pool.rest.post("/keys/bad/create", Map.of("kty", "AKP-HSM", "alg", "ML-DSA-65", "key_size", 65)),
                "key_size and crv are not used with AKP-HSM keys");
        badParameter(pool.rest.post("/keys/bad/create", Map.of("kty", "AKP-HSM", "alg", "ML-DSA-65", "key_ops",
                List.of("encrypt"))), "encrypt");
        assertThat(pool.rest.get("/keys/bad").status()).isEqualTo(404);
    }

    @Test
    void aCryptoAuditorReadsTheKeyButCannotSignAndTheAttestationSaysWhereTheKeyIs() throws Exception {
        create("ml-dsa-audited", "AKP-HSM", "ML-DSA-44");
        RestClient.Reply attested = pool.rest.raw("GET", "/keys/ml-dsa-audited/attestation?api-version=7.6", null);
        assertThat(attested.status()).as(attested.raw()).isEqualTo(200);
        JsonNode statement = RestClient.JSON.readTree(KeyAttestationDocument.parse(B64D.decode(attested.body()
                .path("attributes").path("attestation").path("privateKeyAttestation").asText())).statement());
        assertThat(statement.path("kty").asText()).isEqualTo("AKP");
        assertThat(statement.path("protection").asText()).isEqualTo("software");
        assertThat(statement.path("held_in").asText()).startsWith("hsm-node process");

        RestClient auditor = pool.restWithToken(PoolHarness.tokenOf(AUDITOR));
        assertThat(auditor.get("/keys/ml-dsa-audited").status()).isEqualTo(200);
        RestClient.Reply refused = auditor.post("/keys/ml-dsa-audited/sign", Map.of("alg", "ML-DSA-44", "value",
                B64.encodeToString("m".getBytes())));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
    }

    @Test
    void aKeySurvivesAWipedNodeARotationAndABackupRestore() throws Exception {
        JsonNode key = create("ml-dsa-survivor", "AKP-HSM", "ML-DSA-65");
        byte[] pub = B64D.decode(key.path("key").path("pub").asText());
        String kid = key.path("key").path("kid").asText();
        String version = kid.substring(kid.lastIndexOf('/') + 1);

        NodeProcess wiped = pool.nodes.get(1);
        wiped.wipeToken();
        wiped.startAgain();
        pool.awaitNodes("HEALTHY", 2, Duration.ofSeconds(60));
        try (NodeClient c = pool.direct(wiped)) {
            assertThat(c.call(s -> s.listKeys(ListKeysRequest.getDefaultInstance())).getKeyIdsList()).contains(version);
            assertThat(c.call(s -> s.info(InfoRequest.getDefaultInstance())).getMlDsaHolder())
                    .isEqualTo(KeyHolder.NODE_PROCESS);
            byte[] message = "signed by the caught-up node".getBytes();
            byte[] signature = c.call(s -> s.sign(SignRequest.newBuilder().setKeyId(version)
                    .setAlgorithm(SignAlgorithm.ML_DSA_65).setMessage(ByteString.copyFrom(message)).build()))
                    .getSignature().toByteArray();
            assertThat(MlDsaSignatures.verifies(65, pub, message, signature)).isTrue();
        }

        RestClient.Reply rotated = pool.rest.post("/keys/ml-dsa-survivor/rotate", Map.of());
        assertThat(rotated.status()).as(rotated.raw()).isEqualTo(200);
        assertThat(rotated.body().path("key").path("alg").asText()).isEqualTo("ML-DSA-65");
        byte[] rotatedPub = B64D.decode(rotated.body().path("key").path("pub").asText());
        assertThat(rotatedPub).isNotEqualTo(pub);
        byte[] afterRotation = "after rotation".getBytes();
        assertThat(MlDsaSignatures.verifies(65, rotatedPub, afterRotation, sign("ml-dsa-survivor", "ML-DSA-65",
                afterRotation))).isTrue();

        RestClient.Reply backup = pool.rest.post("/keys/ml-dsa-survivor/backup", Map.of());
        assertThat(backup.status()).as(backup.raw()).isEqualTo(200);
        assertThat(pool.rest.delete("/keys/ml-dsa-survivor").status()).isEqualTo(200);
        assertThat(pool.rest.delete("/deletedkeys/ml-dsa-survivor").status()).isEqualTo(204);
        assertThat(pool.rest.get("/keys/ml-dsa-survivor").status()).isEqualTo(404);
        RestClient.Reply restored = pool.rest.post("/keys/restore", Map.of("value",
                backup.body().path("value").asText()));
        assertThat(restored.status()).as(restored.raw()).isEqualTo(200);
        assertThat(restored.body().path("key").path("pub").asText()).isEqualTo(B64.encodeToString(rotatedPub));
        byte[] first = "the first version, restored".getBytes();
        RestClient.Reply signedByFirst = pool.rest.post("/keys/ml-dsa-survivor/" + version + "/sign",
                Map.of("alg", "ML-DSA-65", "value", B64.encodeToString(first)));
        assertThat(signedByFirst.status()).as(signedByFirst.raw()).isEqualTo(200);
        assertThat(MlDsaSignatures.verifies(65, pub, first, B64D.decode(signedByFirst.body().path("value").asText())))
                .isTrue();
    }

    @Test
    void anImportedKeySignsAndItsSeedIsInNoLogAndNotInTheStore() throws Exception {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        byte[] pub = new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_87, seed.clone()).getPublicKey();
        RestClient.Reply imported = pool.rest.raw("PUT", "/keys/ml-dsa-imported?api-version=7.5",
                RestClient.JSON.writeValueAsBytes(Map.of("key", Map.of("kty", "AKP-HSM", "alg", "ML-DSA-87",
                        "pub", B64.encodeToString(pub), "priv", B64.encodeToString(seed)))));
        assertThat(imported.status()).as(imported.raw()).isEqualTo(200);
        assertThat(imported.raw()).doesNotContain(B64.encodeToString(seed)).doesNotContain("priv");
        byte[] message = "an imported ML-DSA-87 key".getBytes();
        assertThat(MlDsaSignatures.verifies(87, pub, message, sign("ml-dsa-imported", "ML-DSA-87", message))).isTrue();

        byte[] otherPub = new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_87, new byte[32]).getPublicKey();
        badParameter(pool.rest.raw("PUT", "/keys/ml-dsa-mismatched?api-version=7.5", RestClient.JSON
                .writeValueAsBytes(Map.of("key", Map.of("kty", "AKP-HSM", "alg", "ML-DSA-87", "pub",
                        B64.encodeToString(otherPub), "priv", B64.encodeToString(seed))))), "does not match");

        List<String> spellings = List.of(HexFormat.of().formatHex(seed), Base64.getEncoder().encodeToString(seed),
                B64.encodeToString(seed));
        List<String> logs = new ArrayList<>(List.of(pool.manager.logText()));
        for (NodeProcess node : pool.nodes) {
            logs.add(node.logText());
        }
        for (String log : logs) {
            for (String spelling : spellings) {
                assertThat(log).doesNotContain(spelling);
            }
        }
        for (Path file : storeFiles()) {
            assertThat(org.hsmpool.node.testing.Bytes.indexOf(Files.readAllBytes(file), seed)).as("the seed in %s", file).isEqualTo(-1);
        }
    }

    // ------------------------------------------------------------------------------------------

    private static JsonNode create(String name, String kty, String alg) throws Exception {
        RestClient.Reply created = pool.rest.post("/keys/" + name + "/create", alg == null ? Map.of("kty", kty)
                : Map.of("kty", kty, "alg", alg));
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        return created.body();
    }

    private static RestClient.Reply signReply(String name, String alg, byte[] message) throws Exception {
        return pool.rest.post("/keys/" + name + "/sign", Map.of("alg", alg, "value", B64.encodeToString(message)));
    }

    private static byte[] sign(String name, String alg, byte[] message) throws Exception {
        RestClient.Reply signed = signReply(name, alg, message);
        assertThat(signed.status()).as(signed.raw()).isEqualTo(200);
        return B64D.decode(signed.body().path("value").asText());
    }

    /** ML-DSA verify takes the message itself in {@code digest} (docs/api.md). */
    private static boolean verify(String name, String alg, byte[] message, byte[] signature) throws Exception {
        RestClient.Reply v = pool.rest.post("/keys/" + name + "/verify", Map.of("alg", alg, "digest",
                B64.encodeToString(message), "value", B64.encodeToString(signature)));
        assertThat(v.status()).as(v.raw()).isEqualTo(200);
        return v.body().path("value").asBoolean();
    }

    private static void badParameter(RestClient.Reply reply, String message) {
        assertThat(reply.status()).as(reply.raw()).isEqualTo(400);
        assertThat(reply.body().path("error").path("code").asText()).isEqualTo("BadParameter");
        assertThat(reply.body().path("error").path("message").asText()).contains(message);
    }

    private static List<Path> storeFiles() throws Exception {
        Path db = pool.storeFile();
        List<Path> files = new ArrayList<>();
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path f = db.resolveSibling(db.getFileName() + suffix);
            if (Files.exists(f)) {
                files.add(f);
            }
        }
        assertThat(files).isNotEmpty();
        return files;
    }
}
