package org.hsmpool.pool.api;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import org.hsmpool.pool.config.PoolConfig;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * At most {@code hsmpool.pool.limits.max-concurrent-requests} requests in the pool at once; the next
 * one is answered 429 {@code Throttled} with {@code Retry-After: 1} before anything else is done,
 * as Key Vault throttles. The Azure SDKs retry such answers by themselves. The permit is given back
 * when the exchange ends, however it ends (answered, failed, or the connection closed). Health
 * ({@code /q/health...}, the only {@code /q/} paths on this port) is not counted.
 */
@ApplicationScoped
public class RequestLimiter {
    static final String BODY = "{\"error\":{\"code\":\"Throttled\",\"message\":\"the pool is serving as many requests "
            + "as it is configured to; retry after the time in Retry-After\"}}";
    private final Semaphore permits;

    public RequestLimiter(PoolConfig config) {
        int limit = config.limits().maxConcurrentRequests();
        if (limit < 1) {
            throw new IllegalArgumentException("hsmpool.pool.limits.max-concurrent-requests must be at least 1");
        }
        this.permits = new Semaphore(limit);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::admit);
    }

    private void admit(RoutingContext exchange) {
        if (exchange.normalizedPath().startsWith("/q/")) { // health must answer under load
            exchange.next();
            return;
        }
        if (!permits.tryAcquire()) {
            exchange.response().setStatusCode(429).putHeader(HttpHeaders.RETRY_AFTER, "1")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(BODY);
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        exchange.addEndHandler(ended -> {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        });
        exchange.next();
    }
}
