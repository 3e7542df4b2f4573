package org.hsmpool.pool.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14 item 12: the store and SQLite's -wal and -shm files are readable by their owner only. */
class SqliteFileModesTest {
    @TempDir
    Path dir;

    @Test
    void aNewStoreAndItsWalAndShmFilesAre0600() throws Exception {
        Path db = dir.resolve("pool.db");

        assertModesAfterAWrite(db, SqliteFile.dataSource(db));
    }

    @Test
    void aStoreLeftWorldReadableByAnOlderVersionIsTightenedWhenOpened() throws Exception {
        Path db = dir.resolve("pool.db");
        try (Connection c = SqliteFile.dataSource(db).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x INTEGER)");
        }
        for (String name : new String[] {"pool.db", "pool.db-wal", "pool.db-shm"}) {
            if (Files.exists(dir.resolve(name))) {
                Files.setPosixFilePermissions(dir.resolve(name), PosixFilePermissions.fromString("rw-r--r--"));
            }
        }

        assertModesAfterAWrite(db, SqliteFile.dataSource(db));
    }

    private void assertModesAfterAWrite(Path db, DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)");
            s.execute("INSERT INTO t VALUES (1)");
            // while the connection is open the WAL and the shared-memory index exist
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Path f = db.resolveSibling(db.getFileName() + suffix);
                assertThat(f).exists();
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                        .isEqualTo("rw-------");
            }
        }
    }
}
