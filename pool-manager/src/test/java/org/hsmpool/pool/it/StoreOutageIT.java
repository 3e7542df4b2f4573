package org.hsmpool.pool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.hsmpool.pool.store.TestDatabases;
import org.hsmpool.testkit.PoolHarness;
import org.hsmpool.testkit.RestClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, done-when 4 (short): the PostgreSQL server of a pool stops for 10 s under a load of
 * signatures and key creations. Every call then answers, and what fails answers 503 with
 * {@code Retry-After} (never 500, never a broken connection); every key acknowledged before, during
 * and after is there and signs; the pool serves again by itself once the server is back. The server
 * is one of the test's own ({@code deploy/local/postgres.sh}, stopped with a fast shutdown and started
 * again on its port), so no other test's server stops.
 */
class StoreOutageIT {
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final Path SCRIPT = Path.of("../deploy/local/postgres.sh");

    @Test
    void storeStoppedForTenSecondsUnderLoadAnswers503WithRetryAfterLosesNothingAndResumes() throws Exception {
        Assumptions.assumeTrue(TestDatabases.postgresGiven(), "no PostgreSQL for the tests (deploy/local/test.sh starts one)");
        Path server = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pg-outage-");
        String url = postgres("start", server).strip();
        try (PoolHarness pool = new PoolHarness("outage", 2, Map.of(
                "hsmpool.pool.database.url", url.replace("?user=postgres", ""),
                "hsmpool.pool.database.user", "postgres",
                "hsmpool.pool.database.password-file", server.resolve("password").toString()))) {
            pool.activate();
            pool.awaitNodes("HEALTHY", 2, Duration.ofSeconds(60));
            String signing = Keys.create(pool.rest, "outage-sign", Map.of("kty", "EC-HSM", "crv", "P-256"));

            AtomicBoolean stop = new AtomicBoolean();
            Map<String, String> acknowledged = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            AtomicInteger unavailable = new AtomicInteger();
            AtomicInteger served = new AtomicInteger();
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int n = t;
                Thread thread = new Thread(() -> {
                    int i = 0;
                    while (!stop.get()) {
                        try {
                            String name = "made-" + n + "-" + i++;
                            RestClient.Reply r = n == 0
                                    ? pool.rest.post("/keys/" + name + "/create", Map.of("kty", "EC-HSM", "crv", "P-256"))
                                    : Keys.sign(pool.rest, "outage-sign", signing, "load " + i);
                            if (r.status() == 200) {
                                served.incrementAndGet();
                                if (n == 0) {
                                    String kid = r.body().at("/key/kid").asText();
                                    acknowledged.put(name, kid.substring(kid.lastIndexOf('/') + 1));
                                }
                            } else if (r.status() == 503 && r.headers().firstValue("Retry-After").isPresent()) {
                                unavailable.incrementAndGet();
                                Thread.sleep(200);
                            } else {
                                wrong.add(r.status() + " " + r.headers().firstValue("Retry-After") + " " + r.raw());
                            }
                        } catch (Exception e) {
                            wrong.add(e.toString());
                        }
                    }
                }, "load-" + t);
                thread.start();
                load.add(thread);
            }
            Thread.sleep(2000);
            int before = served.get();
            postgres("stop", server);
            Thread.sleep(OUTAGE.toMillis());
            int unavailableDuringOutage = unavailable.get();
            postgres("start", server);
            long back = System.nanoTime();
            int atRestart = served.get();
            while (served.get() < atRestart + 20 && System.nanoTime() - back < Duration.ofSeconds(30).toNanos()) {
                Thread.sleep(100);
            }
            Duration resumed = Duration.ofNanos(System.nanoTime() - back);
            Thread.sleep(2000);
            stop.set(true);
            for (Thread t : load) {
                t.join(30_000);
            }

            System.out.printf("StoreOutageIT: %d calls served, %d answered 503 with Retry-After (%d during the %s outage),"
                    + " %d keys acknowledged, served again %s after the restart%n", served.get(), unavailable.get(),
                    unavailableDuringOutage, OUTAGE, acknowledged.size(), resumed);
            assertThat(wrong).as("answers other than 200 or 503 with Retry-After").isEmpty();
            assertThat(before).as("served before the outage").isPositive();
            assertThat(unavailableDuringOutage).as("503 answers while the store was stopped").isPositive();
            assertThat(served.get()).as("served again within 30 s of the restart (took %s)", resumed)
                    .isGreaterThanOrEqualTo(atRestart + 20);
            for (Map.Entry<String, String> key : acknowledged.entrySet()) {
                RestClient.Reply signed = Keys.sign(pool.rest, key.getKey(), key.getValue(), "after the outage");
                assertThat(signed.status()).as("acknowledged key %s: %s", key.getKey(), signed.raw()).isEqualTo(200);
            }
            assertThat(pool.manager.logText()).doesNotContain("Internal Server Error");
        } finally {
            postgres("kill", server);
        }
    }

    private static String postgres(String command, Path dir) throws Exception {
        Process p = new ProcessBuilder(SCRIPT.toString(), command, dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("postgres.sh %s: %s", command, out).isZero();
        return out;
    }
}
