package org.hsmpool.pool.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The backend the behaviour tests run on: SQLite by default; PostgreSQL in the surefire execution
 * {@code store-on-postgresql}, which sets {@value #BACKEND}{@code =postgresql} and passes the
 * server of {@value #POSTGRES_URL} (its password in the file {@value #POSTGRES_PASSWORD_FILE}); the
 * tests then create one schema per test file there. Without a server that execution's tests skip
 * with the reason {@code deploy/local/test.sh} gives ({@value #POSTGRES_SKIP_REASON}).
 */
public final class TestDatabases {
    static final String BACKEND = "hsmpool.store.backend";
    public static final String POSTGRES_URL = "hsmpool.store.postgres.url";
    public static final String POSTGRES_PASSWORD_FILE = "hsmpool.store.postgres.password-file";
    public static final String POSTGRES_SKIP_REASON = "hsmpool.store.postgres.skip-reason";

    private TestDatabases() {
    }

    public static DataSource dataSource(Path file) {
        if (!"postgresql".equals(System.getProperty(BACKEND, "sqlite"))) {
            return SqliteFile.dataSource(file);
        }
        String schema = "t" + UUID.nameUUIDFromBytes(file.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
        PGSimpleDataSource server = postgres();
        try (var c = server.getConnection(); var s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare schema " + schema + " on " + server.getUrl(), e);
        }
        PGSimpleDataSource ds = postgres();
        ds.setCurrentSchema(schema);
        return ds;
    }

    /**
     * The test server named by the system properties, or the test is skipped (aborted) with the
     * reason there is none.
     */
    public static PGSimpleDataSource postgres() {
        String url = System.getProperty(POSTGRES_URL, "");
        if (url.isBlank()) {
            String reason = System.getProperty(POSTGRES_SKIP_REASON, "");
            Assumptions.abort("no PostgreSQL server for the tests: " + (reason.isBlank()
                    ? "-D" + POSTGRES_URL + " not given (deploy/local/test.sh starts one)" : reason));
        }
        var ds = new PGSimpleDataSource();
        ds.setUrl(url);
        String passwordFile = System.getProperty(POSTGRES_PASSWORD_FILE, "");
        if (!passwordFile.isBlank()) {
            try {
                ds.setPassword(Files.readString(Path.of(passwordFile)).strip());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the PostgreSQL password file " + passwordFile, e);
            }
        }
        return ds;
    }

    /** Whether a PostgreSQL server was given to the tests. */
    public static boolean postgresGiven() {
        return !System.getProperty(POSTGRES_URL, "").isBlank();
    }

    /** A database of its own on the test server for one pool's managers. */
    public record ManagerDatabase(PGSimpleDataSource dataSource, java.util.Map<String, String> managerProperties) {
    }

    /**
     * A new, empty database on the test server (skipped without one) and the manager properties that
     * name it, with the leader lease {@code lease}.
     */
    public static ManagerDatabase managerDatabase(java.time.Duration lease) throws SQLException {
        PGSimpleDataSource server = postgres();
        String name = "hsmpool_it_" + UUID.randomUUID().toString().substring(0, 8);
        try (var c = server.getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " LOCALE 'C' TEMPLATE template0");
        }
        PGSimpleDataSource database = postgres();
        database.setDatabaseName(name);
        String url = "jdbc:postgresql://" + server.getServerNames()[0] + ":" + server.getPortNumbers()[0] + "/" + name;
        return new ManagerDatabase(database, java.util.Map.of(
                "hsmpool.pool.database.url", url,
                "hsmpool.pool.database.user", server.getUser(),
                "hsmpool.pool.database.password-file", System.getProperty(POSTGRES_PASSWORD_FILE),
                "hsmpool.pool.leader.lease", lease.toMillis() + "ms"));
    }
}
