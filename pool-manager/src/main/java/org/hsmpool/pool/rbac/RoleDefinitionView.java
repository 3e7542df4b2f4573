package org.hsmpool.pool.rbac;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A role definition as the API shows it, built-in or custom.
 *
 * @param name the GUID
 * @param permissions one entry per {@code permissions} element; the role allows what any entry allows
 * @param assignableScopes where the role may be assigned
 */
public record RoleDefinitionView(String name, String roleName, String description, boolean builtIn,
        List<Permissions> permissions, List<String> assignableScopes) {

    /** The built-in roles' views, made once: every authorisation decision looks one up. */
    private static final Map<BuiltInRole, RoleDefinitionView> BUILT_IN = builtInViews();

    public RoleDefinitionView {
        permissions = List.copyOf(permissions);
        assignableScopes = List.copyOf(assignableScopes);
    }

    /** The id the API carries, e.g. {@code Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/<guid>}. */
    public String id() {
        return RoleDefinitions.ID_PREFIX + name;
    }

    public boolean allows(DataAction action) {
        return permissions.stream().anyMatch(p -> p.allows(action));
    }

    /** Whether the role may be assigned at {@code scope}. */
    public boolean assignableAt(RoleScope scope) {
        return assignableScopes.stream().map(RoleScope::parse).anyMatch(s -> s.covers(scope));
    }

    static RoleDefinitionView of(BuiltInRole role) {
        return BUILT_IN.get(role);
    }

    private static Map<BuiltInRole, RoleDefinitionView> builtInViews() {
        Map<BuiltInRole, RoleDefinitionView> views = new EnumMap<>(BuiltInRole.class);
        for (BuiltInRole role : BuiltInRole.values()) {
            views.put(role, view(role));
        }
        return views;
    }

    private static RoleDefinitionView view(BuiltInRole role) {
        return new RoleDefinitionView(role.id(), role.roleName(), role.description(), true,
                List.of(role.permissions()), List.of("/"));
    }
}
