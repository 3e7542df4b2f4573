package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The {@code keys}, {@code key_versions}, {@code key_version_ops} and {@code key_version_tags}
 * tables. Nothing here looks at {@code deleted_keys} except where a method says "live": the live
 * view is the caller's choice.
 */
final class KeyRows {
    private static final String VERSION_COLUMNS = "v.version_id, v.key_name, v.created_seq, v.key_type, "
            + "v.public_jwk, v.sealed_key, v.enabled, v.not_before_ms, v.expires_ms, v.managed, v.created_ms, "
            + "v.updated_ms";
    private static final String IS_LATEST =
            "v.created_seq = (SELECT MAX(x.created_seq) FROM key_versions x WHERE x.key_name = v.key_name)";
    /** Not an internal name ({@link PoolStore#INTERNAL_KEY_PREFIX}); the prefix is no LIKE wildcard. */
    static final String IS_CLIENT = "v.key_name NOT LIKE '" + PoolStore.INTERNAL_KEY_PREFIX + "%'";
    private static final String IS_LIVE =
            "NOT EXISTS (SELECT 1 FROM deleted_keys d WHERE d.key_name = v.key_name)";

    private KeyRows() {
    }

    static boolean nameExists(Connection c, String name) throws SQLException {
        return Rows.exists(c, "SELECT 1 FROM keys WHERE name = ?", name);
    }

    static void insertName(Connection c, String name, Instant created) throws SQLException {
        Rows.update(c, "INSERT INTO keys (name, created_ms) VALUES (?, ?)", name, created);
    }

    /** Whether {@code versionId} was purged from this pool (a tombstone); it may never come back. */
    static boolean wasPurged(Connection c, String versionId) throws SQLException {
        return Rows.exists(c, "SELECT 1 FROM purged_versions WHERE version_id = ?", versionId);
    }

    static void insertTombstone(Connection c, String versionId, String name, Instant at) throws SQLException {
        Rows.update(c, "INSERT INTO purged_versions (version_id, key_name, purged_ms) VALUES (?, ?, ?)", versionId,
                name, at);
    }

    static List<SealedVersion> sealedAfter(Connection c, long afterSeq, int limit) throws SQLException {
        return Rows.list(c, "SELECT version_id, created_seq, sealed_key FROM key_versions WHERE created_seq > ? "
                + "ORDER BY created_seq LIMIT ?", row -> new SealedVersion(row.getString(1), row.getLong(2),
                        row.getBytes(3)), afterSeq, limit);
    }

    /** The name a version id belongs to, live or not. */
    static Optional<String> ownerOf(Connection c, String versionId) throws SQLException {
        return Rows.first(c, "SELECT key_name FROM key_versions WHERE version_id = ?", row -> row.getString(1),
                versionId);
    }

    static void insertVersion(Connection c, NewKeyVersion v, long seq) throws SQLException {
        KeyProperties p = v.properties();
        Rows.update(c, "INSERT INTO key_versions (version_id, key_name, created_seq, key_type, public_jwk, sealed_key, "
                + "enabled, not_before_ms, expires_ms, managed, created_ms, updated_ms) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", v.versionId(), v.name(), seq, v.keyType(),
                Rows.text(v.publicJwk()), v.sealedKey(), p.enabled(), Rows.millis(p.notBefore()),
                Rows.millis(p.expires()), v.managed(), v.created(), v.updated());
        insertOpsAndTags(c, v.versionId(), p);
    }

    /** Replaces the properties of one version of {@code name}; false if there is no such version. */
    static boolean updateProperties(Connection c, String name, String versionId, KeyProperties p, Instant updated)
            throws SQLException {
        int changed = Rows.update(c, "UPDATE key_versions SET enabled = ?, not_before_ms = ?, expires_ms = ?, "
                + "updated_ms = ? WHERE version_id = ? AND key_name = ?", p.enabled(), Rows.millis(p.notBefore()),
                Rows.millis(p.expires()), updated, versionId, name);
        if (changed == 0) {
            return false;
        }
        Rows.update(c, "DELETE FROM key_version_ops WHERE version_id = ?", versionId);
        Rows.update(c, "DELETE FROM key_version_tags WHERE version_id = ?", versionId);
        insertOpsAndTags(c, versionId, p);
        return true;
    }

    /** Version ids of a name, oldest first. */
    static List<String> versionIds(Connection c, String name) throws SQLException {
        return Rows.list(c, "SELECT version_id FROM key_versions WHERE key_name = ? ORDER BY created_seq",
                row -> row.getString(1), name);
    }

    /**
     * Removes a name and everything under it. Children are deleted explicitly, not only by the
     * foreign keys' cascade, so a purge does not depend on a connection setting.
     */
    static void deleteName(Connection c, String name) throws SQLException {
        String versionsOfName = "(SELECT version_id FROM key_versions WHERE key_name = ?)";
        Rows.update(c, "DELETE FROM key_version_ops WHERE version_id IN " + versionsOfName, name);
        Rows.update(c, "DELETE FROM key_version_tags WHERE version_id IN " + versionsOfName, name);
        Rows.update(c, "DELETE FROM key_versions WHERE key_name = ?", name);
        Rows.update(c, "DELETE FROM deleted_keys WHERE key_name = ?", name);
        Rows.update(c, "DELETE FROM keys WHERE name = ?", name);
    }

    static Optional<KeyVersion> latest(Connection c, String name) throws SQLException {
        return first(c, "WHERE v.key_name = ? AND " + IS_LATEST, name);
    }

    static Optional<KeyVersion> version(Connection c, String name, String versionId) throws SQLException {
        return first(c, "WHERE v.key_name = ? AND v.version_id = ?", name, versionId);
    }

    static Optional<KeyVersion> byId(Connection c, String versionId) throws SQLException {
        return first(c, "WHERE v.version_id = ?", versionId);
    }

    /** The latest version of each live client (not internal) name after {@code afterName}, by name. */
    static List<KeyVersion> latestOfLiveNames(Connection c, String afterName, int limit) throws SQLException {
        return list(c, "WHERE v.key_name > ? AND " + IS_CLIENT + " AND " + IS_LIVE + " AND " + IS_LATEST
                + " ORDER BY v.key_name LIMIT ?", afterName, limit);
    }

    /** Versions of one name created after {@code afterSeq}, oldest first. */
    static List<KeyVersion> versionsOf(Connection c, String name, long afterSeq, int limit) throws SQLException {
        return list(c, "WHERE v.key_name = ? AND v.created_seq > ? ORDER BY v.created_seq LIMIT ?", name, afterSeq,
                limit);
    }

    private static Optional<KeyVersion> first(Connection c, String where, Object... parameters) throws SQLException {
        var found = list(c, where, parameters);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static List<KeyVersion> list(Connection c, String where, Object... parameters) throws SQLException {
        var rows = Rows.list(c, "SELECT " + VERSION_COLUMNS + " FROM key_versions v " + where, VersionRow::of,
                parameters);
        var versions = new ArrayList<KeyVersion>(rows.size());
        for (VersionRow row : rows) {
            versions.add(row.withProperties(properties(c, row)));
        }
        return versions;
    }

    private static KeyProperties properties(Connection c, VersionRow row) throws SQLException {
        var ops = Rows.list(c, "SELECT op FROM key_version_ops WHERE version_id = ? ORDER BY ordinal",
                r -> r.getString(1), row.versionId);
        var tags = new LinkedHashMap<String, String>();
        for (String[] tag : Rows.list(c, "SELECT tag_name, tag_value FROM key_version_tags WHERE version_id = ?",
                r -> new String[] {r.getString(1), r.getString(2)}, row.versionId)) {
            tags.put(tag[0], tag[1]);
        }
        return new KeyProperties(row.enabled, row.notBefore, row.expires, ops, tags);
    }

    private static void insertOpsAndTags(Connection c, String versionId, KeyProperties p) throws SQLException {
        int ordinal = 0;
        for (String op : p.keyOps()) {
            Rows.update(c, "INSERT INTO key_version_ops (version_id, ordinal, op) VALUES (?, ?, ?)", versionId,
                    ordinal++, op);
        }
        for (var tag : p.tags().entrySet()) {
            Rows.update(c, "INSERT INTO key_version_tags (version_id, tag_name, tag_value) VALUES (?, ?, ?)",
                    versionId, tag.getKey(), tag.getValue());
        }
    }

    /** A key_versions row before its operations and tags are read. */
    private record VersionRow(String versionId, String name, long seq, String keyType, String publicJwk,
            byte[] sealedKey, boolean enabled, Instant notBefore, Instant expires, boolean managed, Instant created,
            Instant updated) {

        static VersionRow of(ResultSet row) throws SQLException {
            return new VersionRow(row.getString("version_id"), row.getString("key_name"), row.getLong("created_seq"),
                    row.getString("key_type"), row.getString("public_jwk"), Rows.bytes(row, "sealed_key"),
                    row.getBoolean("enabled"), Rows.instant(row, "not_before_ms"), Rows.instant(row, "expires_ms"),
                    row.getBoolean("managed"), Rows.instant(row, "created_ms"), Rows.instant(row, "updated_ms"));
        }

        KeyVersion withProperties(KeyProperties properties) {
            return new KeyVersion(name, versionId, seq, keyType, publicJwk, sealedKey, properties, managed, created,
                    updated);
        }
    }
}
