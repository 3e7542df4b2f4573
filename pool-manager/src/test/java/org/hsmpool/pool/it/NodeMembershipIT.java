package org.hsmpool.pool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hsmpool.testkit.NodeProcess;
import org.hsmpool.testkit.PoolHarness;
import org.hsmpool.testkit.RestClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 15: nodes added and removed at run time ({@code POST}/{@code DELETE /hsmpool/nodes}) without a
 * manager restart; the change outlives one; and what a caller without the Administrator role, a bad
 * body or a node that is not what its name says can do (nothing).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeMembershipIT {
    private static final String USER = "crypto-user";
    private static PoolHarness pool;
    private static final List<String[]> keys = new ArrayList<>(); // name, version

    @BeforeAll
    static void start() throws Exception {
        pool = new PoolHarness("membership", 2, Map.of(), List.of(USER));
        pool.activate();
        pool.awaitNodes("HEALTHY", 2, Duration.ofSeconds(30));
        pool.grantKeyRoles(USER);
        for (int i = 0; i < 4; i++) {
            keys.add(new String[] {"member-" + i, Keys.create(pool.rest, "member-" + i, Map.of("kty", "EC-HSM",
                    "crv", "P-256"))});
        }
    }

    /** The manager's Prometheus metrics, from its management interface. */
    private static String metrics() throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + pool.manager.managementPort() + "/q/metrics")).timeout(Duration.ofSeconds(30))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    @Order(1)
    void aNodeAddedAtRunTimeReceivesEveryKeyAndTheOthersCanGoWithoutARestart() throws Exception {
        long managerPid = pool.manager.pid();
        NodeProcess third = pool.startUnlistedNode("node-3");

        RestClient.Reply added = pool.rest.post("/hsmpool/nodes", Map.of("name", "node-3", "endpoint",
                "127.0.0.1:" + third.port()));
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        assertThat(added.body().get("name").asText()).isEqualTo("node-3");
        pool.awaitNodes("HEALTHY", 3, Duration.ofSeconds(60));
        assertThat(pool.nodeStatus("node-3").get("lag").asLong()).isZero();

        assertThat(pool.rest.delete("/hsmpool/nodes/node-1").status()).isEqualTo(200);
        RestClient.Reply removed = pool.rest.delete("/hsmpool/nodes/node-2");
        assertThat(removed.status()).as(removed.raw()).isEqualTo(200);
        assertThat(removed.body().get("state").asText()).isEqualTo("REMOVED");
        assertThat(names(pool.status())).containsExactly("node-3");
        String metrics = metrics();
        assertThat(metrics).as("a removed node's meters go with it").contains("node=\"node-3\"")
                .doesNotContain("node=\"node-1\"").doesNotContain("node=\"node-2\"");

        // node-3 joined after every key was made and is now the only node: it serves them all
        for (String[] key : keys) {
            RestClient.Reply signed = Keys.sign(pool.rest, key[0], key[1], "served by node-3");
            assertThat(signed.status()).as(signed.raw()).isEqualTo(200);
            assertThat(Keys.verifies(pool.rest, key[0], key[1], "served by node-3", signed.body())).isTrue();
        }
        RestClient.Reply last = pool.rest.delete("/hsmpool/nodes/node-3");
        assertThat(last.status()).as(last.raw()).isEqualTo(409);
        assertThat(last.body().get("error").get("message").asText()).contains("no other node is HEALTHY");
        assertThat(names(pool.status())).containsExactly("node-3");
        assertThat(pool.manager.pid()).as("no manager restart").isEqualTo(managerPid);
    }

    @Test
    @Order(2)
    void theChangesOutliveARestartOfTheManagerWhoseConfigurationStillListsTheOldNodes() throws Exception {
        pool.restartManager(); // configured with node-1 and node-2, which were removed
        pool.awaitNodes("HEALTHY", 1, Duration.ofSeconds(60));
        assertThat(names(pool.status())).containsExactly("node-3");
        String[] key = keys.get(0);
        assertThat(Keys.sign(pool.rest, key[0], key[1], "after restart").status()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void aLowerRoleBadBodiesAndTakenNamesChangeNothing() throws Exception {
        RestClient user = pool.restWithToken(PoolHarness.tokenOf(USER));
        RestClient.Reply denied = user.post("/hsmpool/nodes", Map.of("name", "node-4", "endpoint", "127.0.0.1:1"));
        assertThat(denied.status()).as(denied.raw()).isEqualTo(403);
        assertThat(denied.raw()).contains("hsmpool/nodes/write/action");
        assertThat(user.delete("/hsmpool/nodes/node-3").status()).isEqualTo(403);

        List<String> bad = List.of("[]", "{}", "\"node-4\"", "{\"name\":\"node-4\"}", "{\"name\":5,\"endpoint\":\"h:1\"}",
                "{\"name\":\"../x\",\"endpoint\":\"h:1\"}", "{\"name\":\"node-4\",\"endpoint\":\"h\"}",
                "{\"name\":\"node-4\",\"endpoint\":\"h:70000\"}", "{\"name\":\"node-4\",\"endpoint\":\"h:1\",\"pin\":\"x\"}",
                "{\"name\":\"" + "n".repeat(65) + "\",\"endpoint\":\"h:1\"}", "{not json");
        for (String body : bad) {
            RestClient.Reply r = pool.rest.raw("POST", "/hsmpool/nodes?api-version=7.5",
                    body.getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).as(body + " -> " + r.raw()).isEqualTo(400);
            assertThat(r.body().get("error").get("code").asText()).as(body).isNotBlank();
        }
        RestClient.Reply taken = pool.rest.post("/hsmpool/nodes", Map.of("name", "node-3", "endpoint", "127.0.0.1:1"));
        assertThat(taken.status()).as(taken.raw()).isEqualTo(409);
        assertThat(pool.rest.delete("/hsmpool/nodes/node-9").status()).isEqualTo(404);
        assertThat(names(pool.status())).containsExactly("node-3");
    }

    @Test
    @Order(4)
    void aNodeThatIsNotWhatItsNameSaysNeverTakesTrafficNorReceivesTheDomainKeys() throws Exception {
        // a genuine node of this pool, but its certificate names node-5: added under the name node-9
        NodeProcess impostor = pool.startUnlistedNode("node-5");
        RestClient.Reply added = pool.rest.post("/hsmpool/nodes", Map.of("name", "node-9", "endpoint",
                "127.0.0.1:" + impostor.port()));
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        for (int i = 0; i < 10; i++) {
            Thread.sleep(300);
            JsonNode node9 = pool.nodeStatus("node-9");
            assertThat(node9.get("state").asText()).as(node9.toString()).isNotEqualTo("HEALTHY");
            assertThat(node9.get("served").asLong()).isZero();
        }
        String[] key = keys.get(1);
        assertThat(Keys.sign(pool.rest, key[0], key[1], "still node-3").status()).isEqualTo(200);
        assertThat(pool.nodeStatus("node-9").get("served").asLong()).isZero();
        try (var direct = pool.direct(impostor)) {
            assertThat(direct.call(s -> s.info(org.hsmpool.nodeapi.v1.InfoRequest.getDefaultInstance()))
                    .getDomainInstalled()).as("no domain keys went to the node behind a false name").isFalse();
        }
        assertThat(pool.rest.delete("/hsmpool/nodes/node-9").status()).isEqualTo(200);
        assertThat(names(pool.status())).containsExactly("node-3");
    }

    private static List<String> names(JsonNode status) {
        List<String> names = new ArrayList<>();
        status.get("nodes").forEach(n -> names.add(n.get("name").asText()));
        return names;
    }
}
