package org.hsmpool.pool.store;

import java.sql.SQLException;

/**
 * Turns what JDBC throws into a {@link StoreException}. Existence and state are checked inside the
 * transaction before writing, so a constraint violation here is a lost race between two writers
 * (possible on PostgreSQL): it is reported as the conflict it is.
 */
final class SqlErrors {
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_CONSTRAINT = 19;

    private SqlErrors() {
    }

    static StoreException translate(String operation, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int sqliteCode = e.getErrorCode() & 0xff;
        boolean sqlite = e.getClass().getName().startsWith("org.sqlite.");
        if (state.startsWith("23") || (sqlite && sqliteCode == SQLITE_CONSTRAINT)) {
            return new StoreException(StoreException.Code.CONFLICT, operation + ": the row exists or changed", e);
        }
        if (state.equals("40001") || state.equals("40P01") || state.startsWith("08") || state.equals("57P01")
                || (sqlite && (sqliteCode == SQLITE_BUSY || sqliteCode == SQLITE_LOCKED))) {
            return new StoreException(StoreException.Code.UNAVAILABLE, operation + ": database busy or unreachable", e);
        }
        return new StoreException(StoreException.Code.FAILURE, operation + ": " + e.getMessage(), e);
    }
}
