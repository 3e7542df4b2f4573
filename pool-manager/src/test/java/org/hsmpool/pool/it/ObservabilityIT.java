package org.hsmpool.pool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
