package org.hsmpool.pool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hsmpool.testkit.PoolHarness;
import org.hsmpool.testkit.RestClient;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 7, done-when 3 (manager side): health, Prometheus metrics and the OpenAPI document, served
 * without a token, telling the truth about the pool. Issue 14 item 10: metrics and OpenAPI only on
 * the loopback management interface, never on the API port, with or without a token.
 */
class ObservabilityIT {
    private static final HttpClient PLAIN = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> management(PoolHarness harness, String path) throws Exception {
        return PLAIN.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + harness.manager.managementPort()
                + path)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Issue 19: the request bodies are records bound by Jackson, so the OpenAPI document shows their
     * schemas: members with their wire names and types, the enumerations with their wire spellings,
     * required members and ranges (Bean Validation).
     */
    private static void requestSchemasAreDescribed(JsonNode doc) {
        JsonNode create = body(doc, "/keys/{name}/create", "post");
        assertThat(create.at("/properties/key_size/type").asText()).isEqualTo("integer");
        assertThat(create.at("/properties/tags/additionalProperties/type").asText()).isEqualTo("string");
        assertThat(create.path("required").toString()).contains("\"kty\"");
        assertThat(values(resolve(doc, create.at("/properties/kty")).get("enum")))
                .containsExactly("EC", "EC-HSM", "RSA", "RSA-HSM", "oct", "oct-HSM", "AKP", "AKP-HSM");
        assertThat(values(resolve(doc, resolve(doc, create.at("/properties/key_ops")).get("items")).get("enum")))
                .contains("wrapKey", "unwrapKey");
        assertThat(resolve(doc, create.at("/properties/attributes")).at("/properties/nbf/maximum").asLong())
                .isEqualTo(253_402_300_799L);

        JsonNode rng = body(doc, "/rng", "post");
        assertThat(rng.at("/properties/count/type").asText()).isEqualTo("integer");
        assertThat(rng.at("/properties/count/minimum").asInt()).isEqualTo(1);
        assertThat(rng.at("/properties/count/maximum").asInt()).isEqualTo(128);

        JsonNode update = body(doc, "/keys/{name}/{version}", "patch");
        assertThat(update.at("/properties/key_ops/type").asText()).isEqualTo("array");
        assertThat(body(doc, "/keys/{name}", "put").get("required").toString()).contains("\"key\"");
        assertThat(body(doc, "/keys/restore", "post").at("/properties/value/type").asText()).isEqualTo("string");
        assertThat(body(doc, "/keys/{name}/rotationpolicy", "put").at("/properties/lifetimeActions/type").asText())
                .isEqualTo("array");

        JsonNode operations = doc.at("/paths/~1keys~1{name}~1{version}~1{operation}/post/requestBody/content");
        String oneOf = operations.findValues("oneOf").toString();
        assertThat(oneOf).contains("KeySignParameters", "KeyVerifyParameters", "KeyOperationsParameters");
        JsonNode sign = doc.at("/components/schemas/KeySignParameters");
        assertThat(values(resolve(doc, sign.at("/properties/alg")).get("enum"))).contains("ES256K", "ML-DSA-65");
        assertThat(sign.at("/properties/value/type").asText()).isEqualTo("string");
        assertThat(sign.at("/properties/value/format").asText()).isEqualTo("base64url");

        JsonNode download = body(doc, "/securitydomain/download", "post");
        assertThat(download.at("/properties/required/minimum").asInt()).isEqualTo(2);
        assertThat(resolve(doc, download.at("/properties/certificates")).at("/maxItems").asInt()).isEqualTo(10);
        assertThat(body(doc, "/securitydomain/upload", "post").path("required").toString()).contains("\"shares\"");
        assertThat(body(doc, "/hsmpool/securitydomain/drill", "post").at("/properties/share/maxLength").asInt())
                .isEqualTo(8192);
        assertThat(body(doc, "/hsmpool/import", "post").path("required").toString()).contains("\"document\"",
                "\"mac\"");
    }

    /**
     * Every operation that takes a JSON body says that it answers 400 BadParameter and 413 in the Key
     * Vault error format ({@code {"error":{"code","message"}}}), one with another body 413; a GET does
     * not.
     */
    private static void bodyRefusalsAreDescribed(JsonNode doc) {
        JsonNode error = doc.at("/components/schemas/KeyVaultError");
        assertThat(error.path("required").toString()).contains("\"error\"");
        assertThat(error.at("/properties/error/required").toString()).contains("\"code\"", "\"message\"");
        List<String> withBody = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String name = op.getKey() + " " + path.getKey();
            JsonNode responses = op.getValue().path("responses");
            if (op.getValue().has("requestBody")) {
                withBody.add(name);
                // the token service's form body is refused in OAuth's format: it gets only the 413
                boolean json = op.getValue().at("/requestBody/content").has("application/json");
                for (String status : json ? List.of("400", "413") : List.of("413")) {
                    JsonNode answer = responses.path(status);
                    assertThat(answer.isObject()).as(name + " describes " + status).isTrue();
                    assertThat(answer.findValues("$ref").toString()).as(name + " " + status)
                            .contains("#/components/schemas/KeyVaultError");
                }
            } else if (op.getKey().equals("get")) {
                assertThat(responses.has("413")).as(name + " takes no body").isFalse();
            }
        }));
        assertThat(withBody).contains("post /keys/{name}/create", "post /securitydomain/upload", "post /hsmpool/import",
                "put /providers/Microsoft.Authorization/roleAssignments/{name}");
        for (String path : List.of("/keys/{name}/create", "/securitydomain/upload", "/hsmpool/import", "/rng")) {
            assertThat(doc.path("paths").path(path).path("post").path("responses").path("400").path("description")
                    .asText()).as("post " + path).startsWith("BadParameter");
        }
    }

    /** The schema of an operation's request body, its {@code $ref} followed. */
    private static JsonNode body(JsonNode doc, String path, String method) {
        JsonNode content = doc.path("paths").path(path).path(method).path("requestBody").path("content");
        assertThat(content.isObject()).as(method + " " + path + " has a request body").isTrue();
        JsonNode schema = content.elements().next().path("schema");
        JsonNode resolved = resolve(doc, schema);
        assertThat(resolved.path("properties").isObject()).as(method + " " + path + ": " + schema).isTrue();
        return resolved;
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        for (int i = 0; i < 4 && schema.has("$ref"); i++) {
            schema = doc.at(schema.get("$ref").asText().substring(1));
        }
        if (schema.has("allOf") && schema.get("allOf").size() == 1) {
            return resolve(doc, schema.get("allOf").get(0));
        }
        return schema;
    }

    private static List<String> values(JsonNode array) {
        assertThat(array).as("an enumeration").isNotNull();
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void metricsAndOpenApiAreNotServedOnTheApiPort() throws Exception {
        try (PoolHarness harness = new PoolHarness("observe-closed", 1)) {
            RestClient anonymous = harness.restWithToken("not-a-token-of-this-pool");
            for (String path : List.of("/q/metrics", "/q/openapi", "/q/openapi?format=json", "/q/dev-ui",
                    "/q/swagger-ui", "/q/info")) {
                RestClient.Reply refused = anonymous.raw("GET", path, null);
                assertThat(refused.status()).as("anonymous " + path).isIn(401, 404);
                assertThat(refused.raw()).doesNotContain("jvm_").doesNotContain("openapi:")
                        .doesNotContain("\"openapi\"");
                RestClient.Reply withToken = harness.rest.raw("GET", path, null);
                assertThat(withToken.status()).as("the tester's token does not bring " + path + " back")
                        .isBetween(400, 499);
                assertThat(withToken.raw()).doesNotContain("jvm_").doesNotContain("openapi:");
            }
            assertThat(management(harness, "/q/metrics").body()).contains("jvm_");
            assertThat(harness.manager.logText()).doesNotContain(PoolHarness.TOKEN);
        }
    }

    @Test
    void healthMetricsAndOpenApiDescribeThePool() throws Exception {
        try (PoolHarness harness = new PoolHarness("observe", 2)) {
            RestClient anonymous = harness.restWithToken("not-a-token-of-this-pool");
            RestClient.Reply ready = anonymous.raw("GET", "/q/health/ready", null);
            assertThat(ready.status()).as(ready.raw()).isEqualTo(200);
            assertThat(ready.body().at("/checks/0/data/pool").asText()).isEqualTo("NotActivated");
            assertThat(harness.status().at("/tls/engine").asText()).as("the default TLS engine here")
                    .startsWith("BoringSSL");
            assertThat(anonymous.raw("GET", "/q/health/live", null).status()).isEqualTo(200);

            harness.activate();
            harness.awaitNodes("HEALTHY", 2, Duration.ofSeconds(30));
            assertThat(harness.rest.post("/keys/observed/create", Map.of("kty", "EC-HSM")).status()).isEqualTo(200);
            String metrics = management(harness, "/q/metrics").body();
            assertThat(metrics).contains("hsmpool_pool_activated 1.0")
                    .contains("hsmpool_nodes{state=\"HEALTHY\"} 2.0")
                    .containsPattern("hsmpool_log_head [1-9]")
                    .contains("hsmpool_node_lag{node=\"node-1\"}")
                    .contains("http_server_requests_seconds_count");
            assertThat(metrics).doesNotContain(PoolHarness.TOKEN);

            String openapi = management(harness, "/q/openapi?format=json").body();
            assertThat(openapi).contains("/keys/{name}/create").contains("/keys/{name}/rotationpolicy");
            JsonNode doc = new ObjectMapper().readTree(openapi);
            requestSchemasAreDescribed(doc);
            bodyRefusalsAreDescribed(doc);

            assertThat(anonymous.raw("GET", "/keys?api-version=7.5", null).status()).as("the API still needs a token")
                    .isEqualTo(401);

            for (var node : harness.nodes) {
                node.kill();
            }
            Instant until = Instant.now().plusSeconds(30);
            RestClient.Reply down = anonymous.raw("GET", "/q/health/ready", null);
            while (down.status() != 503 && Instant.now().isBefore(until)) {
                Thread.sleep(200);
                down = anonymous.raw("GET", "/q/health/ready", null);
            }
            assertThat(down.status()).as("not ready without a node").isEqualTo(503);
            assertThat(down.body().at("/checks/0/data/healthyNodes").asLong()).isZero();
        }
    }
}
