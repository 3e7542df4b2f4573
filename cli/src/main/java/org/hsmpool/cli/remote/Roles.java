package org.hsmpool.cli.remote;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.hsmpool.cli.UserError;

/**
 * The Managed HSM built-in roles by name, and a role assignment at scope {@code /} through the local
 * RBAC API ({@code PUT /providers/Microsoft.Authorization/roleAssignments/{uuid}}).
 */
public final class Roles {
    private static final Map<String, String> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("Managed HSM Administrator", "a290e904-7015-4bba-90c8-60543313cdb4");
        BUILT_IN.put("Managed HSM Crypto Officer", "515eb02d-2335-4d2d-92f2-b1cbdf9c3778");
        BUILT_IN.put("Managed HSM Crypto User", "21dbd100-6940-42c2-9190-5d6cb909625b");
        BUILT_IN.put("Managed HSM Policy Administrator", "4bd23610-cdcf-4971-bdee-bdc562cc28e4");
        BUILT_IN.put("Managed HSM Crypto Auditor", "2c18b078-7c48-4d3a-af88-5a3a1b3f82b3");
        BUILT_IN.put("Managed HSM Crypto Service Encryption User", "33413926-3206-4cdd-b39a-83574fe37a17");
        BUILT_IN.put("Managed HSM Crypto Service Release User", "21dbd100-6940-42c2-9190-5d6cb909625c");
        BUILT_IN.put("Managed HSM Backup", "7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8");
        BUILT_IN.put("Managed HSM Restore", "6efe6056-5259-49d2-8b3d-d3d73544b20b");
    }

    /** What an assignment attempt found. */
    public enum Outcome { ASSIGNED, NOT_SUPPORTED }

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

    /** Assigns the role at scope {@code /}; NOT_SUPPORTED when the pool has no RBAC API yet (404 or 405). */
    public static Outcome assign(PoolClient pool, String principal, String role) {
        String definition = definitionId(role);
        String path = "/providers/Microsoft.Authorization/roleAssignments/" + UUID.randomUUID();
        Map<String, Object> body = Map.of("properties", Map.of("principalId", principal,
                "roleDefinitionId", "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/" + definition));
        HttpResponse<String> r = pool.exchange("PUT", path, body);
        if (r.statusCode() == 200 || r.statusCode() == 201) {
            return Outcome.ASSIGNED;
        }
        if (r.statusCode() == 404 || r.statusCode() == 405) {
            return Outcome.NOT_SUPPORTED;
        }
        throw pool.failure("PUT", path, r);
    }

    public static Optional<String> name(String definitionId) {
        return BUILT_IN.entrySet().stream().filter(e -> e.getValue().equals(definitionId)).map(Map.Entry::getKey).findFirst();
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
