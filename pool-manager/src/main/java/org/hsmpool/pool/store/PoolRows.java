package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@code pool} and {@code security_domain_admins} tables. */
final class PoolRows {

    private PoolRows() {
    }

    static Optional<Pool> find(Connection c) throws SQLException {
        var admins = Rows.list(c, "SELECT thumbprint FROM security_domain_admins ORDER BY ordinal",
                row -> row.getString(1));
        return Rows.first(c, "SELECT id, name, state, created_ms, sd_domain_id, sd_quorum, sd_shares, "
                + "sd_blob_sha256, sd_activated_ms FROM pool", row -> map(row, admins));
    }

    static void insert(Connection c, Pool pool) throws SQLException {
        Rows.update(c, "INSERT INTO pool (id, name, state, created_ms) VALUES (?, ?, ?, ?)",
                pool.id(), pool.name(), pool.state(), pool.created());
    }

    static boolean compareAndSetState(Connection c, PoolState expected, PoolState next) throws SQLException {
        return Rows.update(c, "UPDATE pool SET state = ? WHERE state = ?", next, expected) == 1;
    }

    static void writeSecurityDomain(Connection c, SecurityDomainInfo sd) throws SQLException {
        Rows.update(c, "UPDATE pool SET sd_domain_id = ?, sd_quorum = ?, sd_shares = ?, sd_blob_sha256 = ?, "
                + "sd_activated_ms = ?", sd.domainId(), sd.quorum(), sd.shares(), sd.blobSha256(), sd.activatedAt());
        Rows.update(c, "DELETE FROM security_domain_admins");
        int ordinal = 0;
        for (String thumbprint : sd.adminThumbprints()) {
            Rows.update(c, "INSERT INTO security_domain_admins (ordinal, thumbprint) VALUES (?, ?)", ordinal++,
                    thumbprint);
        }
    }

    private static Pool map(ResultSet row, List<String> admins) throws SQLException {
        SecurityDomainInfo sd = null;
        String domainId = row.getString("sd_domain_id");
        if (domainId != null) {
            sd = new SecurityDomainInfo(domainId, admins, row.getInt("sd_quorum"), row.getInt("sd_shares"),
                    row.getString("sd_blob_sha256"), Rows.instant(row, "sd_activated_ms"));
        }
        return new Pool(row.getString("id"), row.getString("name"), PoolState.valueOf(row.getString("state")),
                Rows.instant(row, "created_ms"), sd);
    }
}
