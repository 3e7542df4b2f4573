package org.hsmpool.pool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.hsmpool.testkit.PoolHarness;
import org.hsmpool.testkit.RestClient;

import org.junit.jupiter.api.Test;

/**
 * Issue 5: a pool working at its configured limit of concurrent requests answers the next one 429
 * {@code Throttled} with {@code Retry-After}, at once, and serves again when the limit frees up.
 */
class ThrottlingIT {

    @Test
    void requestsBeyondTheLimitAre429WithRetryAfter() throws Exception {
        try (PoolHarness harness = new PoolHarness("throttle", 1,
                Map.of("hsmpool.pool.limits.max-concurrent-requests", "1"))) {
            harness.activate();
            harness.awaitNodes("HEALTHY", 1, java.time.Duration.ofSeconds(30));
            // an RSA-4096 generation keeps the only permit busy for a while on SoftHSM2; it is itself
            // throttled (and tried again) when one of the probes below holds the permit at that moment
            CompletableFuture<RestClient.Reply> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    RestClient.Reply r;
                    do {
                        r = harness.rest.post("/keys/slow/create", Map.of("kty", "RSA-HSM", "key_size", 4096));
                    } while (r.status() == 429);
                    return r;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            RestClient.Reply throttled = null;
            for (int i = 0; i < 1000 && !slow.isDone(); i++) {
                RestClient.Reply r = harness.rest.get("/keys/slow");
                if (r.status() == 429) {
                    throttled = r;
                    break;
                }
                Thread.sleep(20);
            }
            assertThat(throttled).as("a request during the generation was throttled").isNotNull();
            assertThat(throttled.body().at("/error/code").asText()).isEqualTo("Throttled");
            assertThat(throttled.headers().firstValue("Retry-After")).hasValue("1");

            assertThat(slow.get(120, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(harness.rest.get("/keys/slow").status()).as("served again once the permit is back")
                    .isEqualTo(200);
        }
    }
}
