package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code nodes} table. */
final class NodeRows {
    private static final String COLUMNS = "name, endpoint, state, applied_seq, last_seen_ms";

    private NodeRows() {
    }

    static Optional<Node> find(Connection c, String name) throws SQLException {
        return Rows.first(c, "SELECT " + COLUMNS + " FROM nodes WHERE name = ?", NodeRows::map, name);
    }

    static List<Node> all(Connection c) throws SQLException {
        return Rows.list(c, "SELECT " + COLUMNS + " FROM nodes ORDER BY name", NodeRows::map);
    }

    static void insert(Connection c, Node node) throws SQLException {
        Rows.update(c, "INSERT INTO nodes (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", node.name(), node.endpoint(),
                node.state(), node.appliedSeq(), Rows.millis(node.lastSeen()));
    }

    static boolean compareAndSetState(Connection c, String name, NodeState expected, NodeState next)
            throws SQLException {
        return Rows.update(c, "UPDATE nodes SET state = ? WHERE name = ? AND state = ?", next, name, expected) == 1;
    }

    /** Raises the position ({@code restart}: sets it, even lower) and the time last seen. */
    static boolean updateProgress(Connection c, String name, long appliedSeq, Instant seenAt, boolean restart)
            throws SQLException {
        if (restart) {
            return Rows.update(c, "UPDATE nodes SET applied_seq = ?, last_seen_ms = ? WHERE name = ?", appliedSeq,
                    seenAt, name) == 1;
        }
        return Rows.update(c, "UPDATE nodes SET applied_seq = CASE WHEN applied_seq < ? THEN ? ELSE applied_seq END, "
                + "last_seen_ms = ? WHERE name = ?", appliedSeq, appliedSeq, seenAt, name) == 1;
    }

    static boolean delete(Connection c, String name) throws SQLException {
        return Rows.update(c, "DELETE FROM nodes WHERE name = ?", name) == 1;
    }

    private static Node map(ResultSet row) throws SQLException {
        return new Node(row.getString("name"), row.getString("endpoint"), NodeState.valueOf(row.getString("state")),
                row.getLong("applied_seq"), Rows.instant(row, "last_seen_ms"));
    }
}
