package org.hsmpool.pool.auth;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

import org.hsmpool.pool.config.PoolConfig;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps unauthenticated callers from burning the manager's CPU on the token endpoint, where every
 * request costs a {@link SecretHash} (PBKDF2, 600,000 rounds). Before a hash runs: at most
 * {@code hsmpool.pool.limits.token-concurrency} hashes at once, and a client id or a source address
 * that failed client authentication {@code token-failures-per-client} / {@code
 * token-failures-per-source} times in the current {@link #WINDOW} gets no more hashes until the
 * window ends. Only failures count, so that a client that knows its secret is never throttled by
 * its own requests. Hand-written (no rate limiter is among the dependencies): fixed windows in a map
 * bounded to {@link #MAX_TRACKED} keys, which refuses new keys while full of live windows.
 */
@ApplicationScoped
public class TokenRequestLimiter {
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_TRACKED = 10_000;

    /** Why a request may not run a hash now, and when to try again. */
    public record Refusal(String reason, long retryAfterSeconds) {
    }

    /** The right to run one hash; {@link #close()} gives it back. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final Semaphore hashing;
    private final FailureWindows clients;
    private final FailureWindows sources;

    @Inject
    public TokenRequestLimiter(PoolConfig config) {
        this(config.limits().tokenConcurrency(), config.limits().tokenFailuresPerClient(),
                config.limits().tokenFailuresPerSource(), System::nanoTime);
    }

    TokenRequestLimiter(int concurrency, int perClient, int perSource, LongSupplier nanoClock) {
        if (concurrency < 1 || perClient < 1 || perSource < 1) {
            throw new IllegalArgumentException("hsmpool.pool.limits.token-* must each be at least 1");
        }
        this.hashing = new Semaphore(concurrency);
        this.clients = new FailureWindows(perClient, nanoClock);
        this.sources = new FailureWindows(perSource, nanoClock);
    }

    /** Why this client id or this source may not try now, or empty when it may. */
    public Optional<Refusal> refusal(String clientId, String source) {
        long source429 = sources.retryAfterSeconds(source);
        if (source429 > 0) {
            return Optional.of(new Refusal("too many failed client authentications from this address", source429));
        }
        long client429 = clients.retryAfterSeconds(clientId);
        if (client429 > 0) {
            return Optional.of(new Refusal("too many failed client authentications for this client_id", client429));
        }
        return Optional.empty();
    }

    /** A hashing permit, or empty when as many hashes as allowed are running (answer 429, retry in 1 s). */
    public Optional<Permit> tryHash() {
        if (!hashing.tryAcquire()) {
            return Optional.empty();
        }
        return Optional.of(hashing::release);
    }

    /** A client authentication failed: it counts against the client id and the source. */
    public void failed(String clientId, String source) {
        clients.count(clientId);
        sources.count(source);
    }

    /** Failures per key in fixed windows. */
    private static final class FailureWindows {
        private record Window(long start, int failures) {
        }

        private final int limit;
        private final LongSupplier clock;
        private final Map<String, Window> windows = new ConcurrentHashMap<>();

        FailureWindows(int limit, LongSupplier clock) {
            this.limit = limit;
            this.clock = clock;
        }

        /** 0 when the key may try; else the seconds until its window ends. */
        long retryAfterSeconds(String key) {
            long now = clock.getAsLong();
            Window w = windows.get(key == null ? "" : key);
            if (w == null || now - w.start() >= WINDOW.toNanos()) {
                return windows.size() >= MAX_TRACKED && !prune(now) ? WINDOW.toSeconds() : 0;
            }
            return w.failures() < limit ? 0 : Math.max(1, (WINDOW.toNanos() - (now - w.start()) + 999_999_999L)
                    / 1_000_000_000L);
        }

        void count(String key) {
            long now = clock.getAsLong();
            windows.compute(key == null ? "" : key, (k, w) -> w == null || now - w.start() >= WINDOW.toNanos()
                    ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
        }

        /** Drops ended windows; true when that made room. */
        private boolean prune(long now) {
            windows.values().removeIf(w -> now - w.start() >= WINDOW.toNanos());
            return windows.size() < MAX_TRACKED;
        }
    }
}
