package org.hsmpool.pool.leader;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.hsmpool.pool.store.LeaderLease;
import org.hsmpool.pool.store.LeaseStore;
import org.hsmpool.pool.store.StoreException;
import org.jboss.logging.Logger;

/**
 * The leader lease of managers sharing a PostgreSQL store (docs/store.md, "Leader lease").
 *
 * <p>Every manager runs one. A candidate asks for a session advisory lock,
 * {@code pg_try_advisory_lock(key)}, on a connection of its own (never a pooled one: the lock belongs
 * to the session, and a pool would hand the session to other work). The session runs with
 * {@code idle_session_timeout} = the lease, so PostgreSQL ends it, and the lock with it, when its
 * manager stops talking for that long: paused (SIGSTOP, a long GC), partitioned or dead. A process
 * that is merely stopped keeps its TCP connection open, so a lock alone would never pass on.
 *
 * <p>The manager that gets the lock takes a new epoch in the store's lease row and leads. Every
 * quarter of the lease it renews: a fenced write of the lease row (refused once another manager has
 * taken a newer epoch) and then a statement on the lock session, which keeps the session, and so
 * the lock, alive. It considers itself the leader only until one lease after the start of its last
 * successful renewal, which is before anybody else can have the lock; the fence covers the rest (a
 * job that checked before a pause and writes after it).
 */
final class PostgresLease implements Leadership, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PostgresLease.class);

    private final DataSource lockSessions;
    private final LeaseStore leases;
    private final long lockKey;
    private final String holder;
    private final Duration lease;
    private final ScheduledExecutorService ticker;
    private final Runnable onStepDown;
    /** Touched by the ticker thread only. */
    private Connection lock;
    private volatile long epoch;
    private volatile long renewedNanos;
    private String lastProblem = "";

    PostgresLease(DataSource lockSessions, LeaseStore leases, long lockKey, String holder, Duration lease) {
        this(lockSessions, leases, lockKey, holder, lease, () -> { });
    }

    /** {@code onStepDown}: what this manager does when it stops leading (run on the lease's thread). */
    PostgresLease(DataSource lockSessions, LeaseStore leases, long lockKey, String holder, Duration lease,
            Runnable onStepDown) {
        this.onStepDown = onStepDown;
        this.lockSessions = lockSessions;
        this.leases = leases;
        this.lockKey = lockKey;
        this.holder = holder;
        this.lease = lease;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "leader-lease");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        ticker.scheduleWithFixedDelay(this::tick, 0, Math.max(50, lease.toMillis() / 4), TimeUnit.MILLISECONDS);
    }

    @Override
    public OptionalLong epoch() {
        long e = epoch;
        if (e == 0 || System.nanoTime() - renewedNanos >= lease.toNanos()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(e);
    }

    @Override
    public String self() {
        return holder;
    }

    private void tick() {
        try {
            if (epoch == 0) {
                tryToLead();
            } else {
                renew();
            }
        } catch (StoreException e) {
            if (e.code() == StoreException.Code.FENCED) {
                stepDown(e.getMessage());
            } else {
                LOG.warnf("leader lease: the store failed, will try again: %s", e.getMessage());
            }
        } catch (SQLException e) {
            if (epoch != 0) {
                stepDown("the lock session ended (" + e.getMessage() + ")");
            } else {
                closeLockSession();
                if (!String.valueOf(e.getMessage()).equals(lastProblem)) {
                    LOG.warnf("leader lease: cannot ask for the lock (PostgreSQL 14 or later is needed), will try again: %s",
                            e.getMessage());
                }
            }
            lastProblem = String.valueOf(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf(e, "leader lease: unexpected failure, will try again");
        }
    }

    private void tryToLead() throws SQLException {
        if (lock == null) {
            lock = openLockSession();
        }
        boolean got;
        try (var s = lock.createStatement(); var row = s.executeQuery("SELECT pg_try_advisory_lock(" + lockKey + ")")) {
            got = row.next() && row.getBoolean(1);
        }
        if (!got) {
            return;
        }
        long started = System.nanoTime();
        LeaderLease taken = leases.take(holder, Instant.now());
        renewedNanos = started;
        epoch = taken.epoch();
        LOG.infof("this manager (%s) now leads the pool's background work, epoch %d", holder, taken.epoch());
    }

    private void renew() throws SQLException {
        long started = System.nanoTime();
        leases.renew(epoch, Instant.now());
        try (var s = lock.createStatement()) {
            s.execute("SELECT 1");
        }
        renewedNanos = started;
    }

    private void stepDown(String why) {
        long was = epoch;
        epoch = 0;
        closeLockSession();
        if (was != 0) {
            LOG.warnf("this manager (%s) no longer leads (was epoch %d): %s", holder, was, why);
            try {
                onStepDown.run();
            } catch (RuntimeException e) {
                LOG.warnf(e, "after stepping down");
            }
        }
    }

    private Connection openLockSession() throws SQLException {
        Connection c = lockSessions.getConnection();
        try (var s = c.createStatement()) {
            c.setAutoCommit(true);
            // PostgreSQL 14+: the server ends this session, and releases its lock, after a lease of silence
            s.execute("SET idle_session_timeout = " + lease.toMillis());
            s.execute("SET application_name = 'hsmpool leader lease'");
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    private void closeLockSession() {
        if (lock != null) {
            try {
                lock.close();
            } catch (SQLException e) {
                LOG.debugf("closing the lock session: %s", e.getMessage());
            }
            lock = null;
        }
    }

    /** Stops leading at once: closing the session releases the lock for the next manager. */
    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        epoch = 0;
        closeLockSession();
    }
}
