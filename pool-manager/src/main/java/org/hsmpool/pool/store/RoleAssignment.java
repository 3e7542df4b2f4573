package org.hsmpool.pool.store;

/**
 * A local RBAC role assignment.
 *
 * @param id the assignment's name, a GUID
 * @param scope {@code /}, {@code /keys} or {@code /keys/{name}}, normalised by the caller
 * @param roleDefinitionId the role definition id as the API carries it
 * @param principalId the object id of the user, group or service principal
 */
public record RoleAssignment(String id, String scope, String roleDefinitionId, String principalId) {

    public RoleAssignment {
        Arguments.guid(id, "a role assignment id");
        Arguments.scope(scope);
        Arguments.text(roleDefinitionId, "a role definition id", 512);
        Arguments.text(principalId, "a principal id", 256);
    }
}
