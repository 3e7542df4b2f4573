package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.SQLException;

/** The {@code audit_head} table: no row until the first audit record. */
final class AuditRows {

    private AuditRows() {
    }

    static AuditHead head(Connection c) throws SQLException {
        return Rows.first(c, "SELECT seq, hash FROM audit_head WHERE id = 1",
                row -> new AuditHead(row.getLong("seq"), Rows.bytes(row, "hash"))).orElse(AuditHead.EMPTY);
    }

    /** Moves the head if it is still at {@code expectedSeq}; false otherwise. */
    static boolean compareAndSet(Connection c, long expectedSeq, AuditHead next) throws SQLException {
        if (Rows.update(c, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1 AND seq = ?", next.seq(),
                next.hash(), expectedSeq) == 1) {
            return true;
        }
        if (expectedSeq != 0 || Rows.exists(c, "SELECT 1 FROM audit_head WHERE id = 1")) {
            return false;
        }
        Rows.update(c, "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)", next.seq(), next.hash());
        return true;
    }
}
