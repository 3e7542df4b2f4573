package org.hsmpool.pool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.pool.store.StoreAssertions.assertFailsWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sqlite.SQLiteDataSource;

class SchemaMigrationTest {
    private static final List<String> TABLES = List.of("audit_head", "deleted_keys", "key_version_ops", "leader_lease", "security_domain_drills",
            "key_version_tags", "key_versions", "key_rotation_policies", "keys", "nodes", "pool", "replication_log", "replication_log_head",
            "role_assignments", "role_definition_scopes", "role_definitions", "security_domain_admins",
            "security_domain_transfer", "store_changes",
            "service_principals", "backup_jobs", "pool_settings", "node_membership");

    @TempDir
    Path dir;

    @Test
    void migrationsCreateEveryTableInAnEmptyFile() throws SQLException {
        Path file = dir.resolve("pool.db");
        Fixtures.openSqlite(file);

        assertThat(tables(SqliteFile.dataSource(file))).containsAll(TABLES).contains("flyway_schema_history");
        assertThat(query(SqliteFile.dataSource(file), "SELECT version || ':' || success FROM flyway_schema_history "
                + "WHERE version IS NOT NULL"))
                .containsExactly("1:1", "2:1", "3:1", "4:1", "5:1", "6:1", "7:1", "8:1", "9:1");
    }

    @Test
    void reopeningAnExistingFileAppliesNothingAndKeepsTheData() {
        Path file = dir.resolve("pool.db");
        PoolStore first = Fixtures.openSqlite(file);
        first.createPool(Fixtures.hex32(), "pool", Fixtures.T0);
        KeyVersion key = Fixtures.append(first, "kept");

        assertThat(SchemaMigration.migrate(SqliteFile.dataSource(file), Dialect.SQLITE)).isZero();
        PoolStore reopened = Fixtures.openSqlite(file);

        assertThat(reopened.pool()).isPresent();
        assertThat(reopened.latestVersion("kept")).hasValueSatisfying(v -> StoreAssertions.assertSameVersion(v, key));
        assertThat(reopened.logHead()).isEqualTo(key.seq());
    }

    @Test
    void everyConnectionRunsWithTheDurabilitySettings() throws SQLException {
        Path file = dir.resolve("pool.db");
        Fixtures.openSqlite(file);
        for (DataSource ds : new DataSource[] {SqliteFile.dataSource(file), SqliteFile.pooled(file, 2)}) {
            for (int i = 0; i < 3; i++) { // the pooled source hands out reused connections too
                assertThat(query(ds, "PRAGMA journal_mode")).containsExactly("wal");
                assertThat(query(ds, "PRAGMA synchronous")).containsExactly("2"); // FULL
                assertThat(query(ds, "PRAGMA foreign_keys")).containsExactly("1");
                assertThat(query(ds, "PRAGMA busy_timeout")).containsExactly("5000");
            }
        }
    }

    @Test
    void thePooledStoreSeesItsOwnWritesAcrossConnections() {
        Path file = dir.resolve("pool.db");
        PoolStore store = SqliteFile.openPooled(file, 3);
        store.createPool(Fixtures.hex32(), "pool", Fixtures.T0);
        for (int i = 0; i < 10; i++) {
            Fixtures.append(store, "k" + i);
        }
        assertThat(store.listKeys(null, 25).items()).hasSize(10);
        assertThat(SqliteFile.open(file).logHead()).as("committed to the file").isEqualTo(10);
    }

    /** Without a synchronous parameter SQLite's default is FULL, which is fine; NORMAL is not. */
    @ParameterizedTest
    @ValueSource(strings = {"", "?journal_mode=WAL&busy_timeout=5000",
            "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=5000&foreign_keys=true",
            "?journal_mode=DELETE&synchronous=FULL&busy_timeout=5000&foreign_keys=true",
            "?journal_mode=WAL&synchronous=FULL&busy_timeout=5000&foreign_keys=false"})
    void refusesADatabaseThatWouldLoseAcknowledgedWrites(String parameters) {
        var ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("weak.db") + parameters);

        assertFailsWith(StoreException.Code.MISCONFIGURED, () -> JdbcPoolStore.open(ds));
    }

    @Test
    void refusesToOpenWhenAnAppliedMigrationWasChanged() throws SQLException {
        Path file = dir.resolve("pool.db");
        Fixtures.openSqlite(file);
        try (Connection c = SqliteFile.dataSource(file).getConnection(); var s = c.createStatement()) {
            s.executeUpdate("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
        }

        assertFailsWith(StoreException.Code.MIGRATION_FAILED, () -> Fixtures.openSqlite(file));
    }

    /** The schema must run unchanged on PostgreSQL later: no SQLite-only syntax or types. */
    @Test
    void migrationsUseOnlySqlThatPostgresqlAlsoAccepts() throws IOException {
        Path migrations = Path.of("src/main/resources/db/migration");
        List<Path> scripts;
        try (var files = Files.list(migrations)) {
            scripts = files.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
        assertThat(scripts).isNotEmpty();
        var forbidden = Pattern.compile("\\b(AUTOINCREMENT|WITHOUT\\s+ROWID|STRICT|PRAGMA|INSERT\\s+OR|REPLACE\\s+INTO|"
                + "ON\\s+CONFLICT|RETURNING|BLOB|BYTEA|SERIAL|BIGSERIAL|IDENTITY|DATETIME|TINYINT|CLOB|X')",
                Pattern.CASE_INSENSITIVE);
        for (Path script : scripts) {
            var problems = new ArrayList<String>();
            for (String line : Files.readAllLines(script, StandardCharsets.UTF_8)) {
                String code = line.replaceAll("--.*$", "");
                var m = forbidden.matcher(code);
                if (m.find()) {
                    problems.add(m.group().toUpperCase(Locale.ROOT) + " in: " + line.strip());
                }
            }
            assertThat(problems).as(script.getFileName().toString()).isEmpty();
        }
    }

    private static List<String> tables(DataSource ds) throws SQLException {
        return query(ds, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    }

    private static List<String> query(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); var s = c.createStatement(); var rows = s.executeQuery(sql)) {
            var values = new ArrayList<String>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
