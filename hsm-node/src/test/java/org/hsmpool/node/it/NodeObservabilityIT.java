package org.hsmpool.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.v1.HealthRequest;
import org.hsmpool.testkit.NodeProcess;
import org.hsmpool.testkit.TestPool;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, done-when 3 (node side): the management interface answers health and Prometheus
 * metrics over plain HTTP without a client certificate, while the gRPC port still demands one.
 */
class NodeObservabilityIT {

    @Test
    void healthAndMetricsOnTheManagementPort() throws Exception {
        TestPool pool = new TestPool(Nodes.workDir("observe"));
        NodeProcess node = pool.node("node-1").start();
        try (NodeClient manager = pool.managerClient(node.awaitReady())) {
            int management = node.managementPort();
            manager.call(s -> s.health(HealthRequest.getDefaultInstance()));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                    + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).containsPattern("\"label\"\\s*:\\s*\"node-1\"")
                    .containsPattern("\"domainKeys\"\\s*:\\s*false");

            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                    + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("hsmpool_node_domain_installed 0.0").contains("hsmpool_node_sessions_open")
                    .contains("grpc_server");
            assertThat(node.logText()).doesNotContain("Exception");
        } finally {
            node.close();
        }
    }
}
