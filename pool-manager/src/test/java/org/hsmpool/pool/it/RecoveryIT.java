package org.hsmpool.pool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hsmpool.node.testing.NodeProcess;
import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.v1.InfoRequest;
import org.hsmpool.nodeapi.v1.ListKeysRequest;
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
}
