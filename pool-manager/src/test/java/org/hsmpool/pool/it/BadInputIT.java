package org.hsmpool.pool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.hsmpool.testkit.PoolHarness;
import org.hsmpool.testkit.RestClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
    private static final String RBAC = "/providers/Microsoft.Authorization/";
    /** A security-domain download's JWK whose certificate is no certificate (the shape is refused first). */
    private static final String JWK = "{\"kty\":\"RSA\",\"x5c\":[\"AA\"]}";
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
                new Case("a whole number written 2048.0", "POST", "/keys/new/create" + API,
                        "{\"kty\":\"RSA-HSM\",\"key_size\":2048.0}", 400, "BadParameter"),
                new Case("a number where a string belongs: alg", "POST", "/keys/ec/sign" + API,
                        "{\"alg\":256,\"value\":\"" + DIGEST32 + "\"}", 400, "BadParameter"),
                new Case("nested wrong type: attributes.enabled a string", "PATCH", "/keys/ec/" + API,
                        "{\"attributes\":{\"enabled\":\"false\"}}", 400, "BadParameter"),
                new Case("nested wrong type: attributes an array", "PATCH", "/keys/ec/" + API,
                        "{\"attributes\":[]}", 400, "BadParameter"),
                new Case("unknown enumeration value in key_ops", "PATCH", "/keys/ec/" + API,
                        "{\"key_ops\":[\"sign\",\"fly\"]}", 400, "BadParameter"),
                new Case("null inside key_ops", "PATCH", "/keys/ec/" + API, "{\"key_ops\":[null]}", 400,
                        "BadParameter"),
                new Case("duplicate member inside tags", "PATCH", "/keys/ec/" + API,
                        "{\"tags\":{\"a\":\"1\",\"a\":\"2\"}}", 400, "BadParameter"),
                new Case("trailing data", "POST", "/rng" + API, "{\"count\":1} {}", 400, "BadParameter"),
                new Case("random count a string", "POST", "/rng" + API, "{\"count\":\"4\"}", 400, "BadParameter"),
                new Case("rotation trigger with both kinds", "PUT", "/keys/ec/rotationpolicy" + API,
                        "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P1D\",\"timeBeforeExpiry\":"
                                + "\"P1D\"},\"action\":{\"type\":\"Rotate\"}}]}", 400, "BadParameter"),
                new Case("import of a BYOK blob", "PUT", "/keys/ec" + API,
                        "{\"key\":{\"kty\":\"RSA-HSM\",\"key_hsm\":\"AQ\"}}", 400, "BadParameter"),
                new Case("restore of a value that is not base64url", "POST", "/keys/restore" + API,
                        "{\"value\":\"a+b/\"}", 400, "BadParameter"),
                new Case("role assignment without principalId", "PUT", RBAC + "roleAssignments/"
                        + "8e1f1cf6-0b6c-4a0e-9a3b-1c2d3e4f5a6b" + API,
                        "{\"properties\":{\"roleDefinitionId\":\"x\"}}", 400, "BadParameter"),
                new Case("role definition of a built-in type", "PUT", RBAC + "roleDefinitions/"
                        + "8e1f1cf6-0b6c-4a0e-9a3b-1c2d3e4f5a6b" + API,
                        "{\"properties\":{\"roleName\":\"r\",\"type\":\"AKVBuiltInRole\"}}", 400, "BadParameter"),
                badPost("security domain download with two certificates", "/securitydomain/download",
                        "{\"certificates\":[" + JWK + "," + JWK + "],\"required\":2}"),
                badPost("security domain download quorum a string", "/securitydomain/download",
                        "{\"certificates\":[" + JWK + "," + JWK + "," + JWK + "],\"required\":\"2\"}"),
                badPost("security domain upload as Azure sends it (no shares)", "/securitydomain/upload",
                        "{\"value\":\"{}\"}"),
                badPost("security domain upload with a duplicate member", "/securitydomain/upload",
                        "{\"value\":\"{}\",\"shares\":[\"a\"],\"shares\":[\"b\"]}"),
                new Case("oversized security domain upload", "POST", "/securitydomain/upload" + API,
                        "{\"value\":\"" + "x".repeat(2 << 20) + "\",\"shares\":[\"a\"]}", 413,
                        "RequestEntityTooLarge"),
                badPost("drill without a share", "/hsmpool/securitydomain/drill", "{\"value\":\"{}\",\"node\":\"n\"}"),
                badPost("drill node a number", "/hsmpool/securitydomain/drill",
                        "{\"value\":\"{}\",\"share\":\"a.b.c.d.e\",\"node\":1}"),
                badPost("import of an empty object", "/hsmpool/import", "{}"),
                badPost("import format a string", "/hsmpool/import",
                        "{\"format\":\"2\",\"domain\":\"d\",\"document\":\"e30\",\"mac\":\"AA\"}"),
                badPost("import of another format", "/hsmpool/import",
                        "{\"format\":1,\"domain\":\"d\",\"document\":\"e30\",\"mac\":\"AA\"}"),
                new Case("missing key", "POST", "/keys/nokey/sign" + API,
                        "{\"alg\":\"ES256\",\"value\":\"" + DIGEST32 + "\"}", 404, "KeyNotFound"),
                new Case("operation outside key_ops", "POST", "/keys/ec/encrypt" + API,
                        "{\"alg\":\"RSA-OAEP\",\"value\":\"aGVsbG8\"}", 403, "Forbidden"));
    }

    /** A POST of a body that must be refused with 400 BadParameter. */
    private static Case badPost(String name, String path, String body) {
        return new Case(name, "POST", path + API, body, 400, "BadParameter");
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

    /**
     * The bodies are read by the pool's strict reader whatever the content type (none, text/plain),
     * and its message names the member by its path without repeating the value; a chunked body (no
     * Content-Length for the filter to refuse) over 1 MiB is 413 too.
     */
    @Test
    void theStrictReaderAnswersForEveryContentTypeAndChunkedBodiesAreBounded() throws Exception {
        String before = state();
        byte[] body = "{\"attributes\":{\"enabled\":\"SECRET-yes\"}}".getBytes(StandardCharsets.UTF_8);
        for (String contentType : Arrays.asList("application/json", "text/plain", null)) {
            RestClient.Reply reply = harness.rest.raw("PATCH", "/keys/ec/" + API,
                    HttpRequest.BodyPublishers.ofByteArray(body), contentType);
            assertThat(reply.status()).as(contentType + ": " + reply.raw()).isEqualTo(400);
            assertThat(reply.body().at("/error/message").asText()).as(contentType)
                    .isEqualTo("attributes.enabled must be true or false");
        }
        byte[] big = ("{\"tags\":{\"t\":\"" + "x".repeat(2 << 20) + "\"}}").getBytes(StandardCharsets.UTF_8);
        RestClient.Reply chunked = harness.rest.raw("PATCH", "/keys/ec/" + API,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)), "application/json");
        assertThat(chunked.status()).as(chunked.raw()).isEqualTo(413);
        assertThat(chunked.body().at("/error/code").asText()).isEqualTo("RequestEntityTooLarge");
        assertThat(state()).as("nothing above changed the pool").isEqualTo(before);

        RestClient.Reply tagged = harness.rest.raw("PATCH", "/keys/ec/" + API, HttpRequest.BodyPublishers
                .ofByteArray("{\"tags\":{\"t\":\"v\"}}".getBytes(StandardCharsets.UTF_8)), "text/plain");
        assertThat(tagged.status()).as(tagged.raw()).isEqualTo(200);
        assertThat(tagged.body().at("/tags/t").asText()).isEqualTo("v");
        RestClient.Reply untagged = harness.rest.raw("PATCH", "/keys/ec/" + API, HttpRequest.BodyPublishers
                .ofByteArray("{\"tags\":{}}".getBytes(StandardCharsets.UTF_8)), null);
        assertThat(untagged.status()).as(untagged.raw()).isEqualTo(200);
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
