package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The few things that differ between the backends. The schema and every statement are the same
 * SQL for both; only the binary column type and the durability checks differ.
 */
enum Dialect {
    /**
     * The embedded default. One writer at a time per file, so writes are also serialised inside
     * the process (waiting on a Java lock is cheaper and fairer than SQLite's busy loop).
     */
    SQLITE("BLOB", true) {
        @Override
        void checkDurability(Connection connection) throws SQLException {
            String journal = pragma(connection, "journal_mode");
            String synchronous = pragma(connection, "synchronous");
            String foreignKeys = pragma(connection, "foreign_keys");
            long busyTimeout = Long.parseLong(pragma(connection, "busy_timeout"));
            // synchronous: 2 = FULL, 3 = EXTRA. NORMAL (1) loses the last commits on power loss.
            if (!"wal".equalsIgnoreCase(journal) || !("2".equals(synchronous) || "3".equals(synchronous))
                    || !"1".equals(foreignKeys) || busyTimeout <= 0) {
                throw new StoreException(StoreException.Code.MISCONFIGURED, "SQLite must run with "
                        + "journal_mode=WAL, synchronous=FULL, foreign_keys=true and a busy_timeout (found "
                        + "journal_mode=" + journal + ", synchronous=" + synchronous + ", foreign_keys="
                        + foreignKeys + ", busy_timeout=" + busyTimeout + "); see docs/store.md");
            }
        }
    },
    /** For several pool-manager replicas; writes are serialised by row locks in the database. */
    POSTGRESQL("BYTEA", false) {
        @Override
        void checkDurability(Connection connection) throws SQLException {
            String fsync = setting(connection, "fsync");
            String commit = setting(connection, "synchronous_commit");
            if (!"on".equals(fsync) || "off".equals(commit)) {
                throw new StoreException(StoreException.Code.MISCONFIGURED, "PostgreSQL must run with fsync=on "
                        + "and synchronous_commit not off (found fsync=" + fsync + ", synchronous_commit="
                        + commit + "); see docs/store.md");
            }
        }
    };

    private final String binaryType;
    private final boolean serialiseWritesInProcess;

    Dialect(String binaryType, boolean serialiseWritesInProcess) {
        this.binaryType = binaryType;
        this.serialiseWritesInProcess = serialiseWritesInProcess;
    }

    /** The value of the {@code binary_type} placeholder in the migrations. */
    String binaryType() {
        return binaryType;
    }

    boolean serialiseWritesInProcess() {
        return serialiseWritesInProcess;
    }

    /** Refuses to open a database that would not keep acknowledged writes across a crash. */
    abstract void checkDurability(Connection connection) throws SQLException;

    static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (name.contains("sqlite")) {
            return SQLITE;
        }
        if (name.contains("postgres")) {
            return POSTGRESQL;
        }
        throw new StoreException(StoreException.Code.MISCONFIGURED, "unsupported database: " + product);
    }

    private static String pragma(Connection connection, String name) throws SQLException {
        return single(connection, "PRAGMA " + name);
    }

    private static String setting(Connection connection, String name) throws SQLException {
        return single(connection, "SHOW " + name);
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement(); var rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : "";
        }
    }
}
