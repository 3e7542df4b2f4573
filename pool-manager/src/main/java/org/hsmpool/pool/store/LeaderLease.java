package org.hsmpool.pool.store;

import java.time.Instant;

/**
 * The row of the leader lease: the fencing {@code epoch} (0 before any manager led), the manager
 * that took it, when, and when that leader last renewed it.
 */
public record LeaderLease(long epoch, String holder, Instant acquired, Instant renewed) {
}
