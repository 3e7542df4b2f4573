package org.hsmpool.pool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hsmpool.nodeapi.pki.PoolCa;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.testkit.ManagerProcess;
import org.hsmpool.testkit.NodeProcess;
import org.hsmpool.testkit.PoolHarness;
import org.hsmpool.testkit.RestClient;
import org.hsmpool.testkit.TestPool;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 6: the front end's HTTPS certificate comes from configured files when they are set (here
 * from a CA of its own, as a CA the applications already trust would be), while the manager goes on
 * calling the nodes with its pool identity. A client that trusts only the pool CA is then refused.
 */
class HttpsCertificateIT {

    @Test
    void theFrontEndServesTheConfiguredCertificateAndTheNodesStillSeeTheManager() throws Exception {
        Path dir = PoolHarness.WORK.resolve("https-" + UUID.randomUUID().toString().substring(0, 8));
        TestPool pool = new TestPool(dir);
        PoolCa web = PoolCa.create("web", Duration.ofDays(2));
        web.writeTo(dir.resolve("web-ca"));
        PoolCa.Issued https = web.issue(PoolIdentity.node("www"), List.of("localhost"), Duration.ofDays(1));
        https.writeTo(dir.resolve("https"), "https");
        Path tokens = Files.writeString(dir.resolve("tokens"), PoolHarness.TESTER + " " + PoolHarness.TOKEN + "\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));

        try (NodeProcess node = pool.node("node-1").start().awaitReady();
                ManagerProcess manager = new ManagerProcess(dir, Map.of("node-1", "127.0.0.1:" + node.port()), tokens,
                        Map.of("hsmpool.pool.tls.https-certificate", dir.resolve("https/https.crt").toString(),
                                "hsmpool.pool.tls.https-key", dir.resolve("https/https.key").toString(),
                                "hsmpool.pool.auth.initial-administrators", PoolHarness.TESTER,
                                // the JDK's TLS here, towards the client and the node (on BoringSSL): both interoperate
                                "hsmpool.pool.tls.engine", "jdk")).start()) {
            RestClient rest = new RestClient(manager.port(), dir.resolve("web-ca/ca.crt"), PoolHarness.TOKEN);
            JsonNode status = awaitHealthyNode(rest);

            String served = https.certificate().getSerialNumber().toString(16).toUpperCase();
            assertThat(status.at("/tls/https/serial").asText()).isEqualTo(served);
            assertThat(status.at("/tls/subject").asText()).contains("CN=manager");
            assertThat(status.at("/tls/engine").asText()).startsWith("the JDK's TLS");
            assertThat(status.at("/nodes/0/state").asText()).as("the node admits the manager's pool identity")
                    .isEqualTo("HEALTHY");

            RestClient poolCaOnly = new RestClient(manager.port(), pool.caFile(), PoolHarness.TOKEN);
            assertThatThrownBy(() -> poolCaOnly.get("/hsmpool/status")).isInstanceOf(javax.net.ssl.SSLException.class);
        }
    }

    private static JsonNode awaitHealthyNode(RestClient rest) throws Exception {
        Instant until = Instant.now().plusSeconds(60);
        RestClient.Reply r;
        do {
            r = rest.get("/hsmpool/status");
            if (r.status() == 200 && r.body().at("/nodes/0/state").asText().equals("HEALTHY")) {
                return r.body();
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(until));
        throw new AssertionError("the node never became HEALTHY: " + r.raw());
    }
}
