package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code key_rotation_policies} table. */
final class RotationPolicyRows {
    private static final String COLUMNS = "key_name, policy_json, created_ms, updated_ms";

    private RotationPolicyRows() {
    }

    static Optional<KeyRotationPolicy> find(Connection c, String name) throws SQLException {
        return Rows.first(c, "SELECT " + COLUMNS + " FROM key_rotation_policies WHERE key_name = ?",
                RotationPolicyRows::of, name);
    }

    /** Replaces the policy of {@code name}, or inserts it (no upsert: the SQL stays portable). */
    static void put(Connection c, String name, String json, Instant at) throws SQLException {
        if (Rows.update(c, "UPDATE key_rotation_policies SET policy_json = ?, updated_ms = ? WHERE key_name = ?",
                json, at, name) == 0) {
            Rows.update(c, "INSERT INTO key_rotation_policies (" + COLUMNS + ") VALUES (?, ?, ?, ?)", name, json, at,
                    at);
        }
    }

    static void delete(Connection c, String name) throws SQLException {
        Rows.update(c, "DELETE FROM key_rotation_policies WHERE key_name = ?", name);
    }

    /** The policies of live names, by name. */
    static List<KeyRotationPolicy> live(Connection c) throws SQLException {
        return Rows.list(c, "SELECT " + COLUMNS + " FROM key_rotation_policies p WHERE NOT EXISTS "
                + "(SELECT 1 FROM deleted_keys d WHERE d.key_name = p.key_name) ORDER BY key_name",
                RotationPolicyRows::of);
    }

    private static KeyRotationPolicy of(ResultSet row) throws SQLException {
        return new KeyRotationPolicy(row.getString("key_name"), row.getString("policy_json"),
                Rows.instant(row, "created_ms"), Rows.instant(row, "updated_ms"));
    }
}
