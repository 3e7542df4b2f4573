package org.hsmpool.pool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 5, done-when 3: bad input over HTTPS against a real pool. Every case gets its 4xx and Key
 * Vault error code, never a 5xx, and the pool's state (replication log head, keys, versions,
 * attributes) is the same after the case as before it.
 */
class BadInputIT {
    private static final String API = "?api-version=7.5";
    private static final String DIGEST32 = "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU";
    private static PoolHarness harness;

    record Case(String name, String method, String path, String body, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        harness = new PoolHarness("bad-input", 1);
        harness.activate();
        harness.awaitNodes("HEALTHY", 1, java.time.Duration.ofSeconds(30));
        assertThat(harness.rest.post("/keys/rsa/create", Map.of("kty", "RSA-HSM")).status()).isEqualTo(200);
        assertThat(harness.rest.post("/keys/ec/create", Map.of("kty", "EC-HSM", "crv", "P-256")).status())
                .isEqualTo(200);
        assertThat(harness.rest.post("/keys/aes/create", Map.of("kty", "oct-HSM", "key_size", 256)).status())
                .isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    static List<Case> cases() {
        String big = "{\"kty\":\"EC-HSM\",\"tags\":{\"t\":\"" + "x".repeat(2 << 20) + "\"}}";
        return List.of(
                new Case("malformed JSON", "POST", "/keys/new/create" + API, "{\"kty\":", 400, "BadParameter"),
                new Case("not an object", "POST", "/keys/new/create" + API, "[1,2]", 400, "BadParameter"),
                new Case("empty body", "POST", "/keys/new/create" + API, "", 400, "BadParameter"),
                new Case("duplicate member", "POST", "/keys/new/create" + API, "{\"kty\":\"EC\",\"kty\":\"RSA\"}", 400,
                        "BadParameter"),
                new Case("wrong type: crv a number", "POST", "/keys/new/create" + API, "{\"kty\":\"EC-HSM\",\"crv\":5}",
                        400, "BadParameter"),
                new Case("wrong type: key_size a string", "POST", "/keys/new/create" + API,
                        "{\"kty\":\"RSA-HSM\",\"key_size\":\"2048\"}", 400, "BadParameter"),
                new Case("unsupported key size", "POST", "/keys/new/create" + API,
                        "{\"kty\":\"RSA-HSM\",\"key_size\":1024}", 400, "BadParameter"),
                new Case("unknown key type", "POST", "/keys/new/create" + API, "{\"kty\":\"DSA\"}", 400,
                        "BadParameter"),
                new Case("unknown algorithm", "POST", "/keys/rsa/sign" + API,
                        "{\"alg\":\"XS256\",\"value\":\"" + DIGEST32 + "\"}", 400, "BadParameter"),
                new Case("algorithm for another key type", "POST", "/keys/rsa/sign" + API,
                        "{\"alg\":\"ES256\",\"value\":\"" + DIGEST32 + "\"}", 400, "BadParameter"),
                new Case("AES algorithm on an RSA key", "POST", "/keys/rsa/encrypt" + API,
                        "{\"alg\":\"A256GCM\",\"value\":\"aGVsbG8\"}", 400, "BadParameter"),
                new Case("wrong digest length", "POST", "/keys/ec/sign" + API,
                        "{\"alg\":\"ES256\",\"value\":\"AAECAwQFBgcICQoLDA0ODxAREhM\"}", 400, "BadParameter"),
                new Case("invalid base64url", "POST", "/keys/ec/sign" + API, "{\"alg\":\"ES256\",\"value\":\"a+b/c==\"}",
                        400, "BadParameter"),
                new Case("oversized body", "POST", "/keys/new/create" + API, big, 413, "RequestEntityTooLarge"),
                new Case("invalid name", "POST", "/keys/bad_name/create" + API, "{\"kty\":\"EC-HSM\"}", 400,
                        "BadParameter"),
                new Case("name too long", "POST", "/keys/" + "a".repeat(128) + "/create" + API,
                        "{\"kty\":\"EC-HSM\"}", 400, "BadParameter"),
                new Case("invalid version", "GET", "/keys/ec/not-a-version" + API, null, 400, "BadParameter"),
                new Case("unknown api-version", "GET", "/keys/ec/?api-version=1.0", null, 400, "BadParameter"),
                new Case("no api-version", "GET", "/keys/ec/", null, 400, "BadParameter"),
                new Case("random count 0", "POST", "/rng" + API, "{\"count\":0}", 400, "BadParameter"),
                new Case("random count 129", "POST", "/rng" + API, "{\"count\":129}", 400, "BadParameter"),
                new Case("PATCH nbf after exp", "PATCH", "/keys/ec/" + API,
                        "{\"attributes\":{\"nbf\":2000000000,\"exp\":1900000000}}", 400, "BadParameter"),
                new Case("PATCH a key op the type cannot do", "PATCH", "/keys/ec/" + API, "{\"key_ops\":[\"encrypt\"]}",
                        400, "BadParameter"),
                new Case("too many tags", "PATCH", "/keys/ec/" + API, "{\"tags\":{" + tags(16) + "}}", 400,
                        "BadParameter"),
                new Case("restore of garbage", "POST", "/keys/restore" + API, "{\"value\":\"AAAA\"}", 400,
                        "BadParameter"),
                new Case("import without key", "PUT", "/keys/ec" + API, "{\"attributes\":{}}", 400, "BadParameter"),
                new Case("rotation policy nonsense", "PUT", "/keys/ec/rotationpolicy" + API,
                        "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"soon\"},\"action\":{\"type\":"
                                + "\"Rotate\"}}]}", 400, "BadParameter"),
                new Case("maxresults out of range", "GET", "/keys" + API + "&maxresults=26", null, 400, "BadParameter"),
                new Case("missing key", "POST", "/keys/nokey/sign" + API,
                        "{\"alg\":\"ES256\",\"value\":\"" + DIGEST32 + "\"}", 404, "KeyNotFound"),
                new Case("operation outside key_ops", "POST", "/keys/ec/encrypt" + API,
                        "{\"alg\":\"RSA-OAEP\",\"value\":\"aGVsbG8\"}", 403, "Forbidden"));
    }

    private static String tags(int n) {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t.add("\"t" + i + "\":\"v\"");
        }
        return String.join(",", t);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersItsErrorAndChangesNothing(Case c) throws Exception {
        String before = state();
        RestClient.Reply reply = harness.rest.raw(c.method(), c.path(),
                c.body() == null ? null : c.body().getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).as(c.name() + ": " + reply.raw()).isEqualTo(c.status());
        assertThat(reply.body()).as(c.name() + " answers in the Key Vault error format").isNotNull();
        assertThat(reply.body().at("/error/code").asText()).as(c.name()).isEqualTo(c.code());
        assertThat(reply.body().at("/error/message").asText()).as(c.name()).isNotBlank();
        assertThat(state()).as(c.name() + " left the pool as it was").isEqualTo(before);
    }

    /** Log head, and every key with every version and its attributes. */
    private static String state() throws Exception {
        StringBuilder s = new StringBuilder("log " + harness.status().path("logHead").asText() + "\n");
        RestClient.Reply keys = harness.rest.get("/keys");
        for (var item : keys.body().get("value")) {
            String name = item.get("kid").asText().replaceFirst(".*/keys/", "");
            s.append(harness.rest.get("/keys/" + name + "/versions").raw()).append('\n');
            s.append(harness.rest.get("/keys/" + name + "/rotationpolicy").raw()).append('\n');
        }
        return s.toString();
    }
}
