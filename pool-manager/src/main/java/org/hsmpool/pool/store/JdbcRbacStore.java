package org.hsmpool.pool.store;

import java.util.List;
import java.util.Optional;

/** The access half of {@link JdbcPoolStore}: role assignments, custom role definitions and the token service's principals. */
final class JdbcRbacStore {
    private final Transactions tx;

    JdbcRbacStore(Transactions tx) {
        this.tx = tx;
    }

    // ---- RBAC

    void createRoleAssignment(RoleAssignment assignment) {
        Arguments.present(assignment, "the role assignment");
        tx.write("create a role assignment", StoreChange.RBAC, c -> {
            if (RoleRows.assignmentExists(c, assignment)) {
                throw StoreException.conflict("role assignment " + assignment.id() + " or the same assignment exists");
            }
            RoleRows.insertAssignment(c, assignment);
            return null;
        });
    }

    Optional<RoleAssignment> roleAssignment(String id) {
        Arguments.guid(id, "a role assignment id");
        return tx.read("read a role assignment", c -> RoleRows.assignment(c, id));
    }

    List<RoleAssignment> roleAssignmentsAt(String scope) {
        Arguments.scope(scope);
        return tx.read("list role assignments", c -> RoleRows.assignmentsWhere(c, "scope", scope));
    }

    List<RoleAssignment> roleAssignmentsOf(String principalId) {
        Arguments.text(principalId, "a principal id", 256);
        return tx.read("list role assignments", c -> RoleRows.assignmentsWhere(c, "principal_id", principalId));
    }

    Optional<RoleAssignment> deleteRoleAssignment(String id) {
        Arguments.guid(id, "a role assignment id");
        return tx.write("delete a role assignment", StoreChange.RBAC, c -> {
            Optional<RoleAssignment> found = RoleRows.assignment(c, id);
            if (found.isPresent()) {
                RoleRows.deleteAssignment(c, id);
            }
            return found;
        });
    }

    void putRoleDefinition(RoleDefinition definition) {
        Arguments.present(definition, "the role definition");
        tx.write("put a role definition", StoreChange.RBAC, c -> {
            RoleRows.putDefinition(c, definition);
            return null;
        });
    }

    Optional<RoleDefinition> roleDefinition(String id) {
        Arguments.guid(id, "a role definition id");
        return tx.read("read a role definition", c -> RoleRows.definition(c, id));
    }

    List<RoleDefinition> roleDefinitions() {
        return tx.read("list role definitions", RoleRows::definitions);
    }

    Optional<RoleDefinition> deleteRoleDefinition(String id) {
        Arguments.guid(id, "a role definition id");
        return tx.write("delete a role definition", StoreChange.RBAC, c -> {
            Optional<RoleDefinition> found = RoleRows.definition(c, id);
            if (found.isPresent()) {
                RoleRows.deleteDefinition(c, id);
            }
            return found;
        });
    }

    // ---- the token service's principals

    void createServicePrincipal(ServicePrincipal principal) {
        Arguments.present(principal, "the service principal");
        tx.write("create a service principal", c -> {
            if (ServicePrincipalRows.exists(c, principal)) {
                throw StoreException.conflict("service principal " + principal.clientId() + " or its object id exists");
            }
            ServicePrincipalRows.insert(c, principal);
            return null;
        });
    }

    Optional<ServicePrincipal> servicePrincipal(String clientId) {
        Arguments.guid(clientId, "a client id");
        return tx.read("read a service principal", c -> ServicePrincipalRows.find(c, clientId));
    }

    List<ServicePrincipal> servicePrincipals() {
        return tx.read("list service principals", ServicePrincipalRows::all);
    }

    Optional<ServicePrincipal> deleteServicePrincipal(String clientId) {
        Arguments.guid(clientId, "a client id");
        return tx.write("delete a service principal", c -> {
            Optional<ServicePrincipal> found = ServicePrincipalRows.find(c, clientId);
            if (found.isPresent()) {
                ServicePrincipalRows.delete(c, clientId);
            }
            return found;
        });
    }
}
