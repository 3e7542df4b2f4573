package org.hsmpool.pool.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * The body of a role assignment's {@code PUT} (RoleAssignmentCreateParameters):
 * {@code properties.roleDefinitionId} and {@code properties.principalId}; the scope is the path's.
 */
public record RoleAssignmentCreateParameters(@NotNull(message = "is required") @Valid RoleAssignmentProperties properties) {

    /** RoleAssignmentProperties. */
    public record RoleAssignmentProperties(
            @NotNull(message = "is required") String roleDefinitionId,
            @NotNull(message = "is required") String principalId) {
    }
}
