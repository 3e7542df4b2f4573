package org.hsmpool.pool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.v1.InfoRequest;
import org.hsmpool.nodeapi.v1.ListKeysRequest;
import org.hsmpool.testkit.NodeProcess;
import org.hsmpool.testkit.PoolHarness;
import org.hsmpool.testkit.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, done-when 3 and 4: a node whose token is wiped re-joins without any administrator,
 * receives the domain keys from a peer, replays the log and serves every key; a manager killed
 * right after it acknowledged a key creation comes back with the key usable on every node.
 */
class RecoveryIT {
    private static PoolHarness pool;

    @BeforeAll
    static void start() throws Exception {
        pool = new PoolHarness("recovery", 3);
        pool.activate();
        pool.awaitNodes("HEALTHY", 3, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void aWipedNodeRejoinsFromItsPeersAndTheLog() throws Exception {
        List<String> versions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            versions.add(Keys.create(pool.rest, "wipe-" + i, Map.of("kty", "EC-HSM", "crv", "P-256")));
        }
        NodeProcess wiped = pool.nodes.get(2);
        wiped.wipeToken();
        try (NodeClient c = pool.direct(wiped.startAgain())) {
            assertThat(c.call(s -> s.info(InfoRequest.getDefaultInstance())).getDomainInstalled())
                    .as("a wiped token holds no domain keys").isFalse();
        }
        pool.awaitNodes("HEALTHY", 3, Duration.ofSeconds(60));
        try (NodeClient c = pool.direct(wiped)) {
            assertThat(c.call(s -> s.listKeys(ListKeysRequest.getDefaultInstance())).getKeyIdsList())
                    .containsAll(versions);
        }
        for (int i = 0; i < versions.size(); i++) {
            var signed = Keys.sign(pool.rest, "wipe-" + i, versions.get(i), "after wipe");
            assertThat(signed.status()).as(signed.raw()).isEqualTo(200);
        }
    }

    @Test
    void aKeyAcknowledgedBeforeTheManagerDiedIsThereAfterItsRestart() throws Exception {
        String version = Keys.create(pool.rest, "acknowledged", Map.of("kty", "EC-HSM", "crv", "P-256"));
        pool.manager.kill();

        pool.restartManager();
        {
            pool.awaitNodes("HEALTHY", 3, Duration.ofSeconds(60));
            var got = pool.rest.get("/keys/acknowledged/" + version);
            assertThat(got.status()).as(got.raw()).isEqualTo(200);
            var signed = Keys.sign(pool.rest, "acknowledged", version, "after restart");
            assertThat(signed.status()).as(signed.raw()).isEqualTo(200);
            assertThat(Keys.verifies(pool.rest, "acknowledged", version, "after restart", signed.body())).isTrue();
            for (NodeProcess node : pool.nodes) {
                try (NodeClient c = pool.direct(node)) {
                    assertThat(c.call(s -> s.listKeys(ListKeysRequest.getDefaultInstance())).getKeyIdsList())
                            .as("keys on %s", node.name()).contains(version);
                }
            }
        }
    }

    @Test
    void rotateDeleteRecoverAndPurgeGoThroughTheLogToEveryNode() throws Exception {
        String v1 = Keys.create(pool.rest, "lifecycle", Map.of("kty", "EC-HSM", "crv", "P-384"));
        RestClient.Reply rotated = pool.rest.post("/keys/lifecycle/rotate", Map.of());
        assertThat(rotated.status()).as(rotated.raw()).isEqualTo(200);
        String kid = rotated.body().get("key").get("kid").asText();
        String v2 = kid.substring(kid.lastIndexOf('/') + 1);
        assertThat(v2).isNotEqualTo(v1);
        assertThat(rotated.body().get("key").get("crv").asText()).isEqualTo("P-384");
        assertOnEveryNode(List.of(v1, v2), true);

        RestClient.Reply deleted = pool.rest.delete("/keys/lifecycle");
        assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
        assertThat(deleted.body().get("recoveryId").asText()).endsWith("/deletedkeys/lifecycle");
        assertThat(pool.rest.get("/keys/lifecycle").status()).isEqualTo(404);
        assertThat(pool.rest.post("/keys/lifecycle/create", Map.of("kty", "EC-HSM")).status()).isEqualTo(409);
        assertThat(pool.rest.get("/deletedkeys/lifecycle").status()).isEqualTo(200);

        RestClient.Reply recovered = pool.rest.post("/deletedkeys/lifecycle/recover", Map.of());
        assertThat(recovered.status()).as(recovered.raw()).isEqualTo(200);
        assertThat(pool.rest.get("/keys/lifecycle/" + v1).status()).isEqualTo(200);

        assertThat(pool.rest.delete("/keys/lifecycle").status()).isEqualTo(200);
        RestClient.Reply purged = pool.rest.delete("/deletedkeys/lifecycle");
        assertThat(purged.status()).as(purged.raw()).isEqualTo(204);
        assertThat(pool.rest.get("/deletedkeys/lifecycle").status()).isEqualTo(404);
        assertOnEveryNode(List.of(v1, v2), false);
        assertThat(pool.rest.post("/keys/lifecycle/create", Map.of("kty", "EC-HSM")).status())
                .as("a purged name is free again").isEqualTo(200);
    }

    private static void assertOnEveryNode(List<String> versions, boolean present) throws Exception {
        pool.awaitNodes("HEALTHY", 3, Duration.ofSeconds(60));
        for (NodeProcess node : pool.nodes) {
            try (NodeClient c = pool.direct(node)) {
                // a write answers once a second node has it; a slower push or purge lands just after
                java.time.Instant until = java.time.Instant.now().plusSeconds(10);
                List<String> held = c.call(s -> s.listKeys(ListKeysRequest.getDefaultInstance())).getKeyIdsList();
                while ((present ? !held.containsAll(versions) : held.stream().anyMatch(versions::contains))
                        && java.time.Instant.now().isBefore(until)) {
                    Thread.sleep(100);
                    held = c.call(s -> s.listKeys(ListKeysRequest.getDefaultInstance())).getKeyIdsList();
                }
                if (present) {
                    assertThat(held).as("keys on %s", node.name()).containsAll(versions);
                } else {
                    assertThat(held).as("keys on %s", node.name()).doesNotContainAnyElementsOf(versions);
                }
            }
        }
    }
}
