package org.hsmpool.pool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.v1.CipherAlgorithm;
import org.hsmpool.nodeapi.v1.DecryptRequest;
import org.hsmpool.nodeapi.v1.EncryptReply;
import org.hsmpool.nodeapi.v1.EncryptRequest;
import org.hsmpool.nodeapi.v1.InfoRequest;
import org.hsmpool.nodeapi.v1.ListKeysRequest;
import org.hsmpool.nodeapi.v1.SignAlgorithm;
import org.hsmpool.nodeapi.v1.SignRequest;
import org.hsmpool.nodeapi.v1.VerifyRequest;
import org.hsmpool.testkit.NodeProcess;
import org.hsmpool.testkit.PoolHarness;
import org.hsmpool.testkit.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;

/**
 * Issue 4, done-when 1: after activation through the security-domain endpoint, keys of mixed
 * types created through the manager exist on all three tokens with identical ids, and every
 * node can use every one of them.
 */
class ReplicationIT {
    private static PoolHarness pool;

    @BeforeAll
    static void start() throws Exception {
        pool = new PoolHarness("replication", 3);
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void keysCreatedThroughTheManagerExistAndWorkOnEveryNode() throws Exception {
        RestClient.Reply early = pool.rest.post("/keys/too-early/create", Map.of("kty", "EC-HSM"));
        assertThat(early.status()).as(early.raw()).isEqualTo(403);
        assertThat(early.body().get("error").get("message").asText()).contains("/securitydomain/download");
        assertThat(pool.rest.get("/securitydomain/download/pending").body().get("status").asText())
                .isEqualTo("NotStarted");
        RestClient stranger = pool.restWithToken("not-a-token");
        RestClient.Reply refused = stranger.post("/keys/x/create", Map.of("kty", "EC-HSM"));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).get().asString()
                .startsWith("Bearer authorization=\"https://localhost:" + pool.manager.port() + "/hsmpool\"")
                .contains("resource=\"https://managedhsm.azure.net\"");

        String blob = pool.activate();
        assertThat(blob).contains("\"required\"");
        assertThat(pool.rest.get("/securitydomain/download/pending").body().get("status").asText())
                .isEqualTo("Success");
        pool.awaitNodes("HEALTHY", 3, java.time.Duration.ofSeconds(30));
        String domainId = null;
        for (NodeProcess node : pool.nodes) {
            try (NodeClient c = pool.direct(node)) {
                String id = c.call(s -> s.info(InfoRequest.getDefaultInstance())).getDomainId();
                assertThat(id).hasSize(32);
                domainId = domainId == null ? id : domainId;
                assertThat(id).isEqualTo(domainId);
            }
        }

        Map<String, String> kinds = new HashMap<>();
        List<Map<String, Object>> specs = List.of(Map.of("kty", "RSA-HSM", "key_size", 2048),
                Map.of("kty", "EC-HSM", "crv", "P-256"), Map.of("kty", "EC-HSM", "crv", "P-384"),
                Map.of("kty", "EC-HSM", "crv", "P-256K"), Map.of("kty", "oct-HSM", "key_size", 256));
        Map<String, String> versions = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            Map<String, Object> spec = specs.get(i % specs.size());
            String name = "key-" + i;
            RestClient.Reply created = pool.rest.post("/keys/" + name + "/create", spec);
            assertThat(created.status()).as(created.raw()).isEqualTo(200);
            String kid = created.body().get("key").get("kid").asText();
            versions.put(name, kid.substring(kid.lastIndexOf('/') + 1));
            kinds.put(name, spec.get("kty") + ":" + spec.getOrDefault("crv", ""));
        }

        for (NodeProcess node : pool.nodes) {
            try (NodeClient c = pool.direct(node)) {
                // a create answers once the version is on a second node; a slower push lands just after
                java.time.Instant until = java.time.Instant.now().plusSeconds(10);
                List<String> held = c.call(s -> s.listKeys(ListKeysRequest.getDefaultInstance())).getKeyIdsList();
                while (!held.containsAll(versions.values()) && java.time.Instant.now().isBefore(until)) {
                    Thread.sleep(100);
                    held = c.call(s -> s.listKeys(ListKeysRequest.getDefaultInstance())).getKeyIdsList();
                }
                assertThat(held).as("keys on %s", node.name()).containsAll(versions.values());
                for (Map.Entry<String, String> key : versions.entrySet()) {
                    use(c, key.getValue(), kinds.get(key.getKey()));
                }
            }
        }
    }

    private static void use(NodeClient c, String version, String kind) throws Exception {
        if (kind.startsWith("oct-HSM")) {
            EncryptReply e = c.call(s -> s.encrypt(EncryptRequest.newBuilder().setKeyId(version)
                    .setAlgorithm(CipherAlgorithm.A256GCM).setPlaintext(ByteString.copyFromUtf8("x")).build()));
            assertThat(c.call(s -> s.decrypt(DecryptRequest.newBuilder().setKeyId(version)
                    .setAlgorithm(CipherAlgorithm.A256GCM).setCiphertext(e.getCiphertext()).setIv(e.getIv())
                    .setTag(e.getTag()).build())).getPlaintext().toStringUtf8()).isEqualTo("x");
            return;
        }
        SignAlgorithm alg = kind.startsWith("RSA") ? SignAlgorithm.RS256
                : kind.endsWith("P-384") ? SignAlgorithm.ES384 : kind.endsWith("P-256K") ? SignAlgorithm.ES256K
                : SignAlgorithm.ES256;
        byte[] digest = MessageDigest.getInstance(alg == SignAlgorithm.ES384 ? "SHA-384" : "SHA-256")
                .digest(version.getBytes());
        ByteString signature = c.call(s -> s.sign(SignRequest.newBuilder().setKeyId(version).setAlgorithm(alg)
                .setDigest(ByteString.copyFrom(digest)).build())).getSignature();
        assertThat(c.call(s -> s.verify(VerifyRequest.newBuilder().setKeyId(version).setAlgorithm(alg)
                .setDigest(ByteString.copyFrom(digest)).setSignature(signature).build())).getValid()).isTrue();
    }

    static String b64url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
