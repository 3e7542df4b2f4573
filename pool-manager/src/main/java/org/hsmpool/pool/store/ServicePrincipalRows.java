package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@code service_principals} table. */
final class ServicePrincipalRows {
    private static final String COLUMNS = "client_id, object_id, display_name, secret_hash, created_ms";

    private ServicePrincipalRows() {
    }

    static boolean exists(Connection c, ServicePrincipal p) throws SQLException {
        return Rows.exists(c, "SELECT 1 FROM service_principals WHERE client_id = ? OR object_id = ?", p.clientId(),
                p.objectId());
    }

    static void insert(Connection c, ServicePrincipal p) throws SQLException {
        Rows.update(c, "INSERT INTO service_principals (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", p.clientId(),
                p.objectId(), p.displayName(), p.secretHash(), p.created());
    }

    static Optional<ServicePrincipal> find(Connection c, String clientId) throws SQLException {
        return Rows.first(c, "SELECT " + COLUMNS + " FROM service_principals WHERE client_id = ?",
                ServicePrincipalRows::of, clientId);
    }

    static List<ServicePrincipal> all(Connection c) throws SQLException {
        return Rows.list(c, "SELECT " + COLUMNS + " FROM service_principals ORDER BY client_id",
                ServicePrincipalRows::of);
    }

    static void delete(Connection c, String clientId) throws SQLException {
        Rows.update(c, "DELETE FROM service_principals WHERE client_id = ?", clientId);
    }

    private static ServicePrincipal of(ResultSet row) throws SQLException {
        return new ServicePrincipal(row.getString("client_id"), row.getString("object_id"),
                row.getString("display_name"), row.getString("secret_hash"), Rows.instant(row, "created_ms"));
    }
}
