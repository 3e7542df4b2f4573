package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** The {@code leader_lease} table: one row, made by the migration. */
final class LeaseRows {

    private LeaseRows() {
    }

    static LeaderLease find(Connection c) throws SQLException {
        return Rows.first(c, "SELECT epoch, holder, acquired_ms, renewed_ms FROM leader_lease WHERE id = 1",
                row -> new LeaderLease(row.getLong("epoch"), row.getString("holder"),
                        Instant.ofEpochMilli(row.getLong("acquired_ms")), Instant.ofEpochMilli(row.getLong("renewed_ms"))))
                .orElseThrow(() -> new StoreException(StoreException.Code.FAILURE, "the leader_lease row is missing"));
    }

    static void increment(Connection c, String holder, Instant at) throws SQLException {
        Rows.update(c, "UPDATE leader_lease SET epoch = epoch + 1, holder = ?, acquired_ms = ?, renewed_ms = ? "
                + "WHERE id = 1", holder, at.toEpochMilli(), at.toEpochMilli());
    }

    static void renew(Connection c, Instant at) throws SQLException {
        Rows.update(c, "UPDATE leader_lease SET renewed_ms = ? WHERE id = 1", at.toEpochMilli());
    }
}
