package org.hsmpool.pool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.v1.ListKeysRequest;
import org.hsmpool.nodeapi.v1.SignAlgorithm;
import org.hsmpool.nodeapi.v1.SignRequest;
import org.hsmpool.nodeapi.v1.VerifyRequest;
import org.hsmpool.testkit.NodeProcess;
import org.hsmpool.testkit.PoolHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

/**
 * Issue 16, bulk catch-up: a node whose token is wiped while the pool holds {@value #KEYS} keys receives
 * the stored versions in batches of {@value #BATCH} (a snapshot, not the log's history), several
 * batches in flight: every stored version, a soft-deleted one included, is on it and signs there, and
 * a purged one never comes back. (How long that takes is the benchmark's business:
 * {@code hsmpool bench --suite scale}, with the default batch of 200.)
 */
class BulkCatchUpIT {
    private static final int BATCH = 8;
    private static final int KEYS = 45;
    private static PoolHarness pool;

    @BeforeAll
    static void start() throws Exception {
        pool = new PoolHarness("bulk-catch-up", 3, Map.of("hsmpool.pool.limits.catch-up-batch", String.valueOf(BATCH)));
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
    void aWipedNodeReceivesEveryStoredVersionInBatchesAndSignsWithEach() throws Exception {
        Map<String, String> versions = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> made = new java.util.ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                String name = "bulk-" + i;
                made.add(clients.submit(() -> versions.put(name,
                        Keys.create(pool.rest, name, Map.of("kty", "EC-HSM", "crv", "P-256")))));
            }
            for (Future<?> f : made) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
        String asleep = Keys.create(pool.rest, "asleep", Map.of("kty", "EC-HSM", "crv", "P-256"));
        assertThat(pool.rest.delete("/keys/asleep").status()).isEqualTo(200);
        String gone = Keys.create(pool.rest, "gone", Map.of("kty", "EC-HSM", "crv", "P-256"));
        assertThat(pool.rest.delete("/keys/gone").status()).isEqualTo(200);
        assertThat(pool.rest.delete("/deletedkeys/gone").status()).isEqualTo(204);

        NodeProcess wiped = pool.nodes.get(2);
        var leftHealthy = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watcher = new Thread(() -> {
            while (!leftHealthy.get() && !Thread.currentThread().isInterrupted()) {
                try {
                    leftHealthy.set(!pool.nodeStatus(wiped.name()).get("state").asText().equals("HEALTHY"));
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception managerBusy) {
                    // try again
                }
            }
        });
        watcher.start();
        try {
            wiped.wipeToken();
            wiped.startAgain();
            awaitHealthyAgain(wiped.name(), leftHealthy, Duration.ofSeconds(120));
        } finally {
            watcher.interrupt();
        }

        try (NodeClient c = pool.direct(wiped)) {
            List<String> held = c.call(s -> s.listKeys(ListKeysRequest.getDefaultInstance())).getKeyIdsList();
            assertThat(held).containsAll(versions.values()).contains(asleep).doesNotContain(gone);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest("caught up".getBytes());
            for (String version : versions.values()) {
                ByteString signature = c.call(s -> s.sign(SignRequest.newBuilder().setKeyId(version)
                        .setAlgorithm(SignAlgorithm.ES256).setDigest(ByteString.copyFrom(digest)).build()))
                        .getSignature();
                assertThat(c.call(s -> s.verify(VerifyRequest.newBuilder().setKeyId(version)
                        .setAlgorithm(SignAlgorithm.ES256).setDigest(ByteString.copyFrom(digest))
                        .setSignature(signature).build())).getValid()).as("key %s", version).isTrue();
            }
        }
        var snapshot = java.util.regex.Pattern.compile("node " + wiped.name()
                + " received the (\\d+) stored key versions up to log position \\d+").matcher(pool.manager.logText());
        assertThat(snapshot.find()).as("the wiped node got a snapshot, not the log's history").isTrue();
        // every client key and the soft-deleted one (and the pool's own, such as its token-signing key)
        assertThat(Integer.parseInt(snapshot.group(1))).isGreaterThanOrEqualTo(KEYS + 1);
        // in batches of the configured size: the restarted node counted its ImportWrappedBatch calls
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + wiped.managementPort() + "/q/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        var calls = java.util.regex.Pattern.compile("(?m)^grpc_server_processing_duration_seconds_count\\{[^}]*"
                + "method=\"ImportWrappedBatch\"[^}]*\\} ([0-9.]+)$").matcher(metrics);
        double batches = 0;
        while (calls.find()) {
            batches += Double.parseDouble(calls.group(1));
        }
        assertThat(batches).as("ImportWrappedBatch calls for %s versions in batches of %d", snapshot.group(1), BATCH)
                .isGreaterThanOrEqualTo(Math.ceil(Integer.parseInt(snapshot.group(1)) / (double) BATCH));
        var signed = Keys.sign(pool.rest, "bulk-7", versions.get("bulk-7"), "through the pool");
        assertThat(signed.status()).as(signed.raw()).isEqualTo(200);
    }

    /** The node left HEALTHY (its probes failed while it restarted) and came back to it. */
    private static void awaitHealthyAgain(String name, java.util.concurrent.atomic.AtomicBoolean left,
            Duration timeout) throws Exception {
        Instant until = Instant.now().plus(timeout);
        String state = "";
        while (Instant.now().isBefore(until)) {
            state = pool.nodeStatus(name).get("state").asText();
            if (left.get() && state.equals("HEALTHY")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("node " + name + " did not " + (left.get() ? "become HEALTHY again"
                : "leave HEALTHY") + " within " + timeout + " (last state " + state + ")");
    }
}
