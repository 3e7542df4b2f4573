package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code role_assignments}, {@code role_definitions} and {@code role_definition_scopes} tables. */
final class RoleRows {
    private static final String ASSIGNMENT_COLUMNS = "id, scope, role_definition_id, principal_id";

    private RoleRows() {
    }

    static boolean assignmentExists(Connection c, RoleAssignment a) throws SQLException {
        return Rows.exists(c, "SELECT 1 FROM role_assignments WHERE id = ? OR (scope = ? AND role_definition_id = ? "
                + "AND principal_id = ?)", a.id(), a.scope(), a.roleDefinitionId(), a.principalId());
    }

    static void insertAssignment(Connection c, RoleAssignment a) throws SQLException {
        Rows.update(c, "INSERT INTO role_assignments (" + ASSIGNMENT_COLUMNS + ") VALUES (?, ?, ?, ?)", a.id(),
                a.scope(), a.roleDefinitionId(), a.principalId());
    }

    static Optional<RoleAssignment> assignment(Connection c, String id) throws SQLException {
        return Rows.first(c, "SELECT " + ASSIGNMENT_COLUMNS + " FROM role_assignments WHERE id = ?",
                RoleRows::assignment, id);
    }

    static List<RoleAssignment> assignmentsWhere(Connection c, String column, String value) throws SQLException {
        return Rows.list(c, "SELECT " + ASSIGNMENT_COLUMNS + " FROM role_assignments WHERE " + column + " = ? "
                + "ORDER BY id", RoleRows::assignment, value);
    }

    static void deleteAssignment(Connection c, String id) throws SQLException {
        Rows.update(c, "DELETE FROM role_assignments WHERE id = ?", id);
    }

    static void putDefinition(Connection c, RoleDefinition d) throws SQLException {
        deleteDefinition(c, d.id());
        Rows.update(c, "INSERT INTO role_definitions (id, role_name, description, permissions_json) "
                + "VALUES (?, ?, ?, ?)", d.id(), d.roleName(), d.description(), d.permissionsJson());
        int ordinal = 0;
        for (String scope : d.assignableScopes()) {
            Rows.update(c, "INSERT INTO role_definition_scopes (role_definition_id, ordinal, scope) VALUES (?, ?, ?)",
                    d.id(), ordinal++, scope);
        }
    }

    static Optional<RoleDefinition> definition(Connection c, String id) throws SQLException {
        var found = definitions(c, "WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    static List<RoleDefinition> definitions(Connection c) throws SQLException {
        return definitions(c, "ORDER BY id");
    }

    static void deleteDefinition(Connection c, String id) throws SQLException {
        Rows.update(c, "DELETE FROM role_definition_scopes WHERE role_definition_id = ?", id);
        Rows.update(c, "DELETE FROM role_definitions WHERE id = ?", id);
    }

    private static List<RoleDefinition> definitions(Connection c, String tail, Object... parameters)
            throws SQLException {
        var rows = Rows.list(c, "SELECT id, role_name, description, permissions_json FROM role_definitions " + tail,
                row -> new String[] {row.getString(1), row.getString(2), row.getString(3), row.getString(4)},
                parameters);
        var definitions = new ArrayList<RoleDefinition>(rows.size());
        for (String[] row : rows) {
            var scopes = Rows.list(c, "SELECT scope FROM role_definition_scopes WHERE role_definition_id = ? "
                    + "ORDER BY ordinal", r -> r.getString(1), row[0]);
            definitions.add(new RoleDefinition(row[0], row[1], row[2], row[3], scopes));
        }
        return definitions;
    }

    private static RoleAssignment assignment(ResultSet row) throws SQLException {
        return new RoleAssignment(row.getString("id"), row.getString("scope"), row.getString("role_definition_id"),
                row.getString("principal_id"));
    }
}
