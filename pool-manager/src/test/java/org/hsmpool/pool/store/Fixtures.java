package org.hsmpool.pool.store;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Values and stores for the tests: real SQLite files, never an in-memory database. With
 * {@code -Dhsmpool.store.postgres.url=jdbc:postgresql://...} the behaviour tests run against that
 * PostgreSQL server instead, one schema per test file (see docs/store.md).
 */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123Z");
    static final byte[] NO_PAYLOAD = new byte[0];
    static final KeyProperties SIGNING = new KeyProperties(true, null, null, List.of("sign", "verify"), Map.of());

    private static final SecureRandom RANDOM = new SecureRandom();

    private Fixtures() {
    }

    /** A store on the backend under test; the same {@code file} gives the same database again. */
    static JdbcPoolStore open(Path file) {
        return JdbcPoolStore.open(TestDatabases.dataSource(file), Clock.fixed(T0, ZoneOffset.UTC));
    }

    /** A store in a SQLite file, whatever the backend under test. */
    static JdbcPoolStore openSqlite(Path file) {
        return JdbcPoolStore.open(SqliteFile.dataSource(file), Clock.fixed(T0, ZoneOffset.UTC));
    }

    static String hex32() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Random bytes standing in for a sealed key: the store must keep them exactly. */
    static byte[] sealed() {
        byte[] bytes = new byte[40 + RANDOM.nextInt(200)];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static NewKeyVersion version(String name) {
        return version(name, hex32(), SIGNING);
    }

    static NewKeyVersion version(String name, String versionId, KeyProperties properties) {
        return new NewKeyVersion(name, versionId, "EC-HSM", "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AQ\",\"y\":\"Ag\"}",
                sealed(), properties, false, T0, T0);
    }

    /** Appends a version and returns it with the sequence number the store gave it. */
    static KeyVersion append(PoolStore store, String name) {
        NewKeyVersion v = version(name);
        long seq = store.appendKeyVersion(v, NO_PAYLOAD);
        return new KeyVersion(v.name(), v.versionId(), seq, v.keyType(), v.publicJwk(), v.sealedKey(),
                v.properties(), v.managed(), v.created(), v.updated());
    }
}
