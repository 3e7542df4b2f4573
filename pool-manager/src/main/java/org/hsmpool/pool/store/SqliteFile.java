package org.hsmpool.pool.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import org.hsmpool.nodeapi.provision.OwnerOnly;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded default: one SQLite file per pool. The durability pragmas travel in the JDBC URL
 * because the driver applies URL parameters to every connection it opens (a pool's
 * "new connection SQL" runs only the first of several statements). The Quarkus application puts
 * the same URL in {@code quarkus.datasource.jdbc.url}.
 *
 * <p>{@link SQLiteDataSource} is the exception: it overrides URL parameters with its own
 * configuration's defaults (measured: busy_timeout came back as 3000, not 5000), so
 * {@link #dataSource} sets the same values in a {@link SQLiteConfig} too.
 */
public final class SqliteFile {
    /** WAL + synchronous=FULL: a commit is in the WAL on disk (fsync) when it returns. */
    public static final String PARAMETERS = "journal_mode=WAL&synchronous=FULL&busy_timeout=5000&foreign_keys=true";
    static final int BUSY_TIMEOUT_MS = 5000;

    private SqliteFile() {
    }

    public static String url(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath() + "?" + PARAMETERS;
    }

    /**
     * An unpooled data source: every {@code getConnection()} opens the file anew. The file is
     * created 0600 (or set to 0600) first: SQLite gives its -wal and -shm files the mode of the
     * database file, so those are 0600 too.
     */
    public static DataSource dataSource(Path file) {
        ownerOnly(file);
        var config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        var dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(url(file));
        return dataSource;
    }

    private static void ownerOnly(Path file) {
        try {
            OwnerOnly.file(file);
            for (String suffix : List.of("-wal", "-shm", "-journal")) {
                OwnerOnly.tightenIfPresent(file.resolveSibling(file.getFileName() + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the store " + file + " readable by its owner only", e);
        }
    }

    /**
     * A pooled data source over {@link #dataSource}: connections are opened once (each with the
     * pragmas) and reused. The application uses this; opening the file, applying the pragmas and
     * preparing statements on every request cost about 40% of the manager's CPU (docs/performance.md).
     */
    public static DataSource pooled(Path file, int size) {
        var config = new com.zaxxer.hikari.HikariConfig();
        config.setDataSource(dataSource(file));
        config.setPoolName("pool-store");
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        return new com.zaxxer.hikari.HikariDataSource(config);
    }

    /** Opens (and migrates) the store in {@code file}, creating the file if needed; unpooled. */
    public static PoolStore open(Path file) {
        return JdbcPoolStore.open(dataSource(file));
    }

    /** Opens (and migrates) the store in {@code file} with a pool of {@code connections}. */
    public static PoolStore openPooled(Path file, int connections) {
        return JdbcPoolStore.open(pooled(file, connections));
    }
}
