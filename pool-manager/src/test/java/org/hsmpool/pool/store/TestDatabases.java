package org.hsmpool.pool.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * The backend the behaviour tests run on: SQLite by default; PostgreSQL when the system property
 * {@value #POSTGRES_URL} names a server (the tests then create one schema per test file there).
 */
final class TestDatabases {
    static final String POSTGRES_URL = "hsmpool.store.postgres.url";

    private TestDatabases() {
    }

    static DataSource dataSource(Path file) {
        String url = System.getProperty(POSTGRES_URL, "");
        if (url.isBlank()) {
            return SqliteFile.dataSource(file);
        }
        String schema = "t" + UUID.nameUUIDFromBytes(file.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
        try (var c = DriverManager.getConnection(url); var s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare schema " + schema + " on " + url, e);
        }
        var ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setCurrentSchema(schema);
        return ds;
    }
}
