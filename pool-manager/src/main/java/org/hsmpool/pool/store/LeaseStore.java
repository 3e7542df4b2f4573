package org.hsmpool.pool.store;

import java.time.Instant;

/**
 * The leader lease's row in the store: the fencing epoch. Who may take it is decided outside the
 * store (a PostgreSQL advisory lock, or the one manager of a SQLite file); the store only numbers
 * the leaders and refuses the writes of superseded ones ({@link LeaderFence}).
 */
public final class LeaseStore {
    private static final int MAX_HOLDER = 200;

    private final Transactions tx;

    LeaseStore(Transactions tx) {
        this.tx = tx;
    }

    /** Makes {@code holder} the leader of a new epoch, one above the last, and returns it. */
    public LeaderLease take(String holder, Instant at) {
        checkHolder(holder);
        Instant when = Arguments.time(at, "the time taken");
        return tx.write("take the leader lease", c -> {
            LeaseRows.increment(c, holder, when);
            return LeaseRows.find(c);
        });
    }

    /**
     * Records that the leader of {@code epoch} still leads: a fenced write, refused with
     * {@code FENCED} when another manager has taken a newer epoch since.
     */
    public LeaderLease renew(long epoch, Instant at) {
        Instant when = Arguments.time(at, "the time renewed");
        return LeaderFence.call(epoch, () -> tx.write("renew the leader lease", c -> {
            LeaseRows.renew(c, when);
            return LeaseRows.find(c);
        }));
    }

    public LeaderLease current() {
        return tx.read("read the leader lease", LeaseRows::find);
    }

    private static void checkHolder(String holder) {
        if (holder == null || holder.isBlank() || holder.length() > MAX_HOLDER) {
            throw StoreException.invalid("a lease holder is 1 to " + MAX_HOLDER + " characters");
        }
    }
}
