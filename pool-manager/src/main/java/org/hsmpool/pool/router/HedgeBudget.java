package org.hsmpool.pool.router;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many hedged second attempts the router may send, so that a pool that is merely slow everywhere
 * is not sent twice the work: a token bucket as gRPC's retry throttling has it. Each hedge spends one
 * token; each answered call earns a tenth of one, up to ten. A hung node is covered (its few calls in
 * flight are hedged at once), a slow pool gets at most one hedge per ten answered calls.
 */
final class HedgeBudget {
    private static final int SCALE = 1000;
    private static final int MAX = 10 * SCALE;
    private static final int EARNED = SCALE / 10;
    private final AtomicInteger tokens = new AtomicInteger(MAX);

    /** Spend one token if there is one. */
    boolean trySpend() {
        while (true) {
            int now = tokens.get();
            if (now < SCALE) {
                return false;
            }
            if (tokens.compareAndSet(now, now - SCALE)) {
                return true;
            }
        }
    }

    void answered() {
        tokens.getAndUpdate(now -> Math.min(MAX, now + EARNED));
    }
}
