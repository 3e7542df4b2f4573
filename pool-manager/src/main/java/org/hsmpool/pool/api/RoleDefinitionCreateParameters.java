package org.hsmpool.pool.api;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The body of a role definition's {@code PUT} (RoleDefinitionCreateParameters): {@code properties}
 * with {@code roleName}, {@code description}, {@code type} (only {@code CustomRole} can be written),
 * {@code permissions} (their {@code dataActions} and {@code notDataActions}; {@code actions} and
 * {@code notActions}, which Managed HSM does not use, are ignored) and {@code assignableScopes}.
 */
public record RoleDefinitionCreateParameters(@NotNull(message = "is required") @Valid RoleDefinitionProperties properties) {

    /** RoleDefinitionProperties. */
    public record RoleDefinitionProperties(
            String roleName,
            String description,
            @Pattern(regexp = "CustomRole", message = "of a role definition one writes is CustomRole") String type,
            List<Permission> permissions,
            List<String> assignableScopes) {
    }

    /** Permission: the data actions granted and those taken out again. */
    public record Permission(List<String> dataActions, List<String> notDataActions) {
    }
}
