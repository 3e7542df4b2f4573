package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** The {@code security_domain_transfer} table: one row while a restore's transfer key is out. */
final class TransferRows {

    private TransferRows() {
    }

    static Optional<TransferKeyIssue> find(Connection c) throws SQLException {
        return Rows.first(c, "SELECT node_name, key_sha256, issued_ms FROM security_domain_transfer WHERE id = 1",
                row -> new TransferKeyIssue(row.getString("node_name"), row.getString("key_sha256"),
                        Rows.instant(row, "issued_ms")));
    }

    static void replace(Connection c, TransferKeyIssue issue) throws SQLException {
        clear(c);
        Rows.update(c, "INSERT INTO security_domain_transfer (id, node_name, key_sha256, issued_ms) VALUES (1, ?, ?, ?)",
                issue.nodeName(), issue.keySha256(), issue.issuedAt());
    }

    static void clear(Connection c) throws SQLException {
        Rows.update(c, "DELETE FROM security_domain_transfer");
    }
}
