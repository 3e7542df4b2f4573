package org.hsmpool.pool.store;

import java.util.List;

/**
 * A custom role definition (built-in roles live in code, not here).
 *
 * @param id a GUID
 * @param permissionsJson the {@code permissions} array as JSON, kept as given
 * @param assignableScopes where the role may be assigned
 */
public record RoleDefinition(String id, String roleName, String description, String permissionsJson,
        List<String> assignableScopes) {

    public RoleDefinition {
        Arguments.guid(id, "a role definition id");
        Arguments.text(roleName, "a role name", 512);
        if (description == null) {
            description = "";
        } else if (description.length() > Arguments.MAX_TEXT) {
            throw StoreException.invalid("a role description is longer than " + Arguments.MAX_TEXT + " characters");
        }
        Arguments.text(permissionsJson, "the permissions", Arguments.MAX_JSON);
        assignableScopes = List.copyOf(Arguments.present(assignableScopes, "the assignable scopes"));
        assignableScopes.forEach(Arguments::scope);
        if (assignableScopes.stream().distinct().count() != assignableScopes.size()) {
            throw StoreException.invalid("an assignable scope is given twice");
        }
    }
}
