package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The {@code security_domain_drills} table. */
final class DrillRows {
    private static final String COLUMNS = "domain_id, admin_x5t, share_index, principal, checked_ms";

    private DrillRows() {
    }

    static void insert(Connection c, Drill d) throws SQLException {
        Rows.update(c, "INSERT INTO security_domain_drills (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", d.domainId(),
                d.admin(), d.index(), d.principal(), d.checked());
    }

    static List<Drill> of(Connection c, String domainId) throws SQLException {
        return Rows.list(c, "SELECT " + COLUMNS + " FROM security_domain_drills WHERE domain_id = ?"
                + " ORDER BY checked_ms, admin_x5t", DrillRows::of, domainId);
    }

    private static Drill of(ResultSet row) throws SQLException {
        return new Drill(row.getString("domain_id"), row.getString("admin_x5t"), row.getInt("share_index"),
                row.getString("principal"), Rows.instant(row, "checked_ms"));
    }
}
