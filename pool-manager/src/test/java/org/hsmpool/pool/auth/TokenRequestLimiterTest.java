package org.hsmpool.pool.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The token endpoint's limits, on a clock the test moves. */
class TokenRequestLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final TokenRequestLimiter limiter = new TokenRequestLimiter(2, 3, 5, now::get);

    @Test
    void aClientIdIsRefusedAfterItsFailuresUntilTheWindowEnds() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.refusal("client-a", "10.0.0.1")).isEmpty();
            limiter.failed("client-a", "10.0.0.1");
        }
        Optional<TokenRequestLimiter.Refusal> refused = limiter.refusal("client-a", "10.0.0.2");
        assertThat(refused).hasValueSatisfying(r -> {
            assertThat(r.reason()).contains("client_id");
            assertThat(r.retryAfterSeconds()).isEqualTo(60);
        });
        assertThat(limiter.refusal("client-b", "10.0.0.1")).as("another client id from that address").isEmpty();
        now.addAndGet(59_500_000_000L);
        assertThat(limiter.refusal("client-a", "10.0.0.2").orElseThrow().retryAfterSeconds()).isEqualTo(1);
        now.addAndGet(500_000_000L);
        assertThat(limiter.refusal("client-a", "10.0.0.2")).as("a new window").isEmpty();
    }

    @Test
    void aSourceIsRefusedAfterItsFailuresWhateverClientIdItNames() {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.refusal("client-" + i, "10.0.0.9")).isEmpty();
            limiter.failed("client-" + i, "10.0.0.9");
        }
        assertThat(limiter.refusal("client-new", "10.0.0.9")).hasValueSatisfying(r -> assertThat(r.reason())
                .contains("address"));
        assertThat(limiter.refusal("client-new", "10.0.0.8")).isEmpty();
    }

    @Test
    void onlyTheConfiguredNumberOfHashesRunAtOnce() {
        TokenRequestLimiter.Permit first = limiter.tryHash().orElseThrow();
        TokenRequestLimiter.Permit second = limiter.tryHash().orElseThrow();
        assertThat(limiter.tryHash()).isEmpty();
        first.close();
        assertThat(limiter.tryHash()).isPresent();
        second.close();
    }
}
