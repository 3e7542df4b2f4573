package org.hsmpool.cli.remote;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.hsmpool.cli.common.UserError;
import org.hsmpool.nodeapi.rbac.ManagedHsmRole;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Managed HSM built-in roles by name, and role assignments at a scope through the local RBAC API
 * ({@code PUT {scope}/providers/Microsoft.Authorization/roleAssignments/{uuid}}).
 */
public final class Roles {
    /** The built-in roles' names and ids, from the pool's public API contract ({@link ManagedHsmRole}). */
    private static final Map<String, String> BUILT_IN = new LinkedHashMap<>();

    static {
        for (ManagedHsmRole role : ManagedHsmRole.values()) {
            BUILT_IN.put(role.roleName(), role.id());
        }
    }

    private Roles() {
    }

    /**
     * The role definition's id for a built-in role's name ("Managed HSM Crypto User", "crypto user",
     * "crypto-user") or a role definition GUID as given.
     */
    public static String definitionId(String role) {
        String key = normalise(role);
        for (Map.Entry<String, String> e : BUILT_IN.entrySet()) {
            if (normalise(e.getKey()).equals(key) || normalise(e.getKey()).equals("managedhsm" + key)) {
                return e.getValue();
            }
        }
        try {
            return UUID.fromString(role).toString();
        } catch (IllegalArgumentException notUuid) {
            throw new UserError("'" + role + "' is not a built-in role or a role definition id; use one of: "
                    + String.join(", ", BUILT_IN.keySet()));
        }
    }

    /** Assigns the role at scope {@code /}. */
    public static JsonNode assign(PoolClient pool, String principal, String role) {
        return assign(pool, principal, role, "/");
    }

    /** Assigns the role to the principal at {@code scope} ({@code /}, {@code /keys}, {@code /keys/NAME}); the new assignment. */
    public static JsonNode assign(PoolClient pool, String principal, String role, String scope) {
        String definition = definitionId(role);
        String path = scopePath(scope) + "/providers/Microsoft.Authorization/roleAssignments/" + UUID.randomUUID();
        return pool.call("PUT", path, Map.of("properties", Map.of("principalId", principal,
                "roleDefinitionId", "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/" + definition)));
    }

    /** The path prefix of a scope: {@code ""} for {@code /}, {@code /keys}, {@code /keys/NAME}; a UserError otherwise. */
    public static String scopePath(String scope) {
        if (scope.equals("/")) {
            return "";
        }
        if (scope.equals("/keys") || scope.matches("/keys/[0-9A-Za-z-]{1,127}")) {
            return scope;
        }
        throw new UserError("'" + scope + "' is not a scope: give /, /keys or /keys/NAME (a key name: 1 to 127 letters,"
                + " digits and '-')");
    }

    /** A role definition id as a role's name when it is a built-in role (the id may be a full resource id). */
    public static String display(String definitionId) {
        String guid = definitionId.substring(definitionId.lastIndexOf('/') + 1);
        return name(guid).orElse(definitionId);
    }

    public static Optional<String> name(String definitionId) {
        return BUILT_IN.entrySet().stream().filter(e -> e.getValue().equals(definitionId)).map(Map.Entry::getKey).findFirst();
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
