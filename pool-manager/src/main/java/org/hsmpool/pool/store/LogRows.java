package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The {@code replication_log} and its head. {@link #next} must be the first statement of a
 * log-writing transaction: updating the head row takes the write lock (SQLite) or the row lock
 * (PostgreSQL) at once, so log writers run one at a time, numbers are handed out in commit order,
 * and a rolled-back transaction gives its number back.
 */
final class LogRows {

    private LogRows() {
    }

    /** Reserves the next sequence number inside the current transaction. */
    static long next(Connection c) throws SQLException {
        if (Rows.update(c, "UPDATE replication_log_head SET last_seq = last_seq + 1 WHERE id = 1") != 1) {
            throw new StoreException(StoreException.Code.FAILURE, "the replication log head row is missing");
        }
        return head(c);
    }

    static long head(Connection c) throws SQLException {
        return Rows.first(c, "SELECT last_seq FROM replication_log_head WHERE id = 1", row -> row.getLong(1))
                .orElseThrow(() -> new StoreException(StoreException.Code.FAILURE,
                        "the replication log head row is missing"));
    }

    static void append(Connection c, long seq, LogKind kind, String keyName, String versionId, byte[] payload,
            Instant time) throws SQLException {
        Rows.update(c, "INSERT INTO replication_log (seq, kind, key_name, version_id, payload, created_ms) "
                + "VALUES (?, ?, ?, ?, ?, ?)", seq, kind, Rows.text(keyName), Rows.text(versionId), payload, time);
    }

    static List<LogEntry> readAfter(Connection c, long afterSeq, int limit) throws SQLException {
        return Rows.list(c, "SELECT seq, kind, key_name, version_id, payload, created_ms FROM replication_log "
                + "WHERE seq > ? ORDER BY seq LIMIT ?", LogRows::map, afterSeq, limit);
    }

    private static LogEntry map(ResultSet row) throws SQLException {
        return new LogEntry(row.getLong("seq"), LogKind.valueOf(row.getString("kind")), row.getString("key_name"),
                row.getString("version_id"), Rows.bytes(row, "payload"), Rows.instant(row, "created_ms"));
    }
}
