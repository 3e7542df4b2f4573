package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

/**
 * Runs units of work in transactions. A write commits before {@link #write} returns; with the
 * durability settings {@link Dialect#checkDurability} enforces, a commit is on disk when it
 * returns. Any exception rolls the whole unit back.
 */
final class Transactions {

    /** One unit of work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final ReentrantLock writeLock;

    Transactions(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.writeLock = dialect.serialiseWritesInProcess() ? new ReentrantLock(true) : null;
    }

    /** A write; fenced by the leader epoch when this thread runs leader-only work ({@link LeaderFence}). */
    <T> T write(String operation, Work<T> work) {
        var fence = LeaderFence.current();
        Work<T> unit = fence.isEmpty() ? work : c -> {
            LeaderFence.check(c, fence.getAsLong());
            return work.run(c);
        };
        if (writeLock == null) {
            return inTransaction(operation, unit);
        }
        writeLock.lock();
        try {
            return inTransaction(operation, unit);
        } finally {
            writeLock.unlock();
        }
    }

    /** A write that changes what managers keep in memory: counted and announced in its transaction. */
    <T> T write(String operation, StoreChange change, Work<T> work) {
        return write(operation, List.of(change), work);
    }

    /** The same for a write that changes several groups at once (a restore: keys and RBAC). */
    <T> T write(String operation, List<StoreChange> changes, Work<T> work) {
        return write(operation, c -> {
            T result = work.run(c);
            for (StoreChange change : changes) {
                change.record(c, dialect);
            }
            return result;
        });
    }

    /**
     * Several reads that see one consistent snapshot. SQLite's read transactions are snapshots; on
     * PostgreSQL the default READ COMMITTED takes a new snapshot per statement, so a read transaction
     * asks for REPEATABLE READ (which a transaction that only reads never fails with a serialization error).
     */
    <T> T read(String operation, Work<T> work) {
        if (dialect != Dialect.POSTGRESQL) {
            return inTransaction(operation, work);
        }
        return inTransaction(operation, c -> {
            try (var s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            }
            return work.run(c);
        });
    }

    private <T> T inTransaction(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
            // autocommit is not restored: an unpooled connection is closed right here, and a pool
            // (Agroal) resets it when the connection comes back
        } catch (SQLException e) {
            throw SqlErrors.translate(operation, e);
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
