package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Fencing of leader-only work (docs/store.md, "Leader lease"). Work run through {@link #call} is
 * the work of the leader of {@code epoch}: every write transaction it makes on this thread starts
 * by checking, under the lease row's lock, that the lease is still at that epoch, and is refused
 * with {@link StoreException.Code#FENCED} (and rolled back) when a newer leader has taken it. A
 * lock held by the old leader cannot guarantee that on its own: a paused process still believes it
 * leads when it resumes. Reads are not fenced.
 *
 * <p>The check is an {@code UPDATE} of the row rather than a read, so it takes the row's write lock
 * (PostgreSQL) or the database's (SQLite) for the rest of the transaction: a new leader's increment
 * either commits before the check (which then fails) or waits until the fenced write is done.
 */
public final class LeaderFence {
    private static final ThreadLocal<Long> EPOCH = new ThreadLocal<>();
    private static final AtomicLong REFUSED = new AtomicLong();

    private LeaderFence() {
    }

    /** Runs {@code work} with every store write of this thread fenced by {@code epoch}. */
    public static <T> T call(long epoch, Supplier<T> work) {
        try {
            return callChecked(epoch, work::get);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // a Supplier throws no checked exception
        }
    }

    /** As {@link #call}, for work that throws checked exceptions. */
    public static <T> T callChecked(long epoch, Callable<T> work) throws Exception {
        Long previous = EPOCH.get();
        EPOCH.set(epoch);
        try {
            return work.call();
        } finally {
            if (previous == null) {
                EPOCH.remove();
            } else {
                EPOCH.set(previous);
            }
        }
    }

    /** As {@link #call}, for work without a result. */
    public static void run(long epoch, Runnable work) {
        call(epoch, () -> {
            work.run();
            return null;
        });
    }

    /** The epoch this thread's writes are fenced by, if any. */
    public static OptionalLong current() {
        Long epoch = EPOCH.get();
        return epoch == null ? OptionalLong.empty() : OptionalLong.of(epoch);
    }

    /** Fenced writes this process has had refused since it started (status and tests). */
    public static long refusals() {
        return REFUSED.get();
    }

    /** The first statement of a fenced write transaction. */
    static void check(Connection c, long epoch) throws SQLException {
        if (Rows.update(c, "UPDATE leader_lease SET epoch = epoch WHERE id = 1 AND epoch = ?", epoch) != 1) {
            long now = LeaseRows.find(c).epoch();
            REFUSED.incrementAndGet();
            throw new StoreException(StoreException.Code.FENCED, "a leader-only write of epoch " + epoch
                    + " was refused: the lease is at epoch " + now + ", another manager leads");
        }
    }
}
