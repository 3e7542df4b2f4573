package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code deleted_keys} table: a row here takes a name out of the live view. */
final class DeletedKeyRows {
    private static final String COLUMNS = "key_name, deleted_ms, scheduled_purge_ms, recovery_id";

    private DeletedKeyRows() {
    }

    static boolean isDeleted(Connection c, String name) throws SQLException {
        return Rows.exists(c, "SELECT 1 FROM deleted_keys WHERE key_name = ?", name);
    }

    static void insert(Connection c, String name, Instant deletedAt, Instant purgeAt, String recoveryId)
            throws SQLException {
        Rows.update(c, "INSERT INTO deleted_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?)", name, deletedAt, purgeAt,
                recoveryId);
    }

    static boolean delete(Connection c, String name) throws SQLException {
        return Rows.update(c, "DELETE FROM deleted_keys WHERE key_name = ?", name) == 1;
    }

    static Optional<DeletedKey> find(Connection c, String name) throws SQLException {
        var found = withLatest(c, Rows.list(c, "SELECT " + COLUMNS + " FROM deleted_keys WHERE key_name = ?",
                DeletedRow::of, name));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    static List<DeletedKey> after(Connection c, String afterName, int limit) throws SQLException {
        return withLatest(c, Rows.list(c, "SELECT " + COLUMNS + " FROM deleted_keys WHERE key_name > ? "
                + "AND key_name NOT LIKE '" + PoolStore.INTERNAL_KEY_PREFIX + "%' ORDER BY key_name LIMIT ?",
                DeletedRow::of, afterName, limit));
    }

    static List<DeletedKey> due(Connection c, Instant now, int limit) throws SQLException {
        return withLatest(c, Rows.list(c, "SELECT " + COLUMNS + " FROM deleted_keys WHERE scheduled_purge_ms <= ? "
                + "ORDER BY scheduled_purge_ms, key_name LIMIT ?", DeletedRow::of, now, limit));
    }

    private static List<DeletedKey> withLatest(Connection c, List<DeletedRow> rows) throws SQLException {
        var keys = new ArrayList<DeletedKey>(rows.size());
        for (DeletedRow row : rows) {
            KeyVersion latest = KeyRows.latest(c, row.name).orElseThrow(() -> new StoreException(
                    StoreException.Code.FAILURE, "deleted key " + row.name + " has no version"));
            keys.add(new DeletedKey(row.name, row.deletedAt, row.purgeAt, row.recoveryId, latest));
        }
        return keys;
    }

    private record DeletedRow(String name, Instant deletedAt, Instant purgeAt, String recoveryId) {
        static DeletedRow of(ResultSet row) throws SQLException {
            return new DeletedRow(row.getString("key_name"), Rows.instant(row, "deleted_ms"),
                    Rows.instant(row, "scheduled_purge_ms"), row.getString("recovery_id"));
        }
    }
}
