package org.hsmpool.pool.rbac;

import static org.hsmpool.pool.rbac.DataAction.*;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one table of what each endpoint of the pool needs: {@code "<METHOD> <path template>"} (the
 * JAX-RS template of the matched resource method, regular expressions removed) to the data action
 * and the scope, the scope taken from the path parameters. An endpoint that is not here is denied
 * (deny by default); {@code EndpointActionsTest} checks that every resource method is here.
 *
 * <p>
 * The operator endpoints, which Azure does not have: {@code GET /hsmpool/status} needs
 * {@code roleAssignments/read} (every role that manages or uses the pool has it),
 * {@code GET /hsmpool/export} is a full backup ({@code backup/start}), {@code POST /hsmpool/import}
 * a full restore ({@code restore/start}), and {@code /hsmpool/principals...} (managing the token
 * service's principals) needs {@code roleAssignments/write}: whoever may grant roles may create the
 * identities to grant them to.
 */
public final class EndpointActions {
    /** Path parameters of the matched request, one value each. */
    public interface PathParameters {
        String get(String name);
    }

    private static final String RBAC = "/providers/Microsoft.Authorization";
    private static final String PRINCIPALS = "/hsmpool/principals";
    private static final Map<String, DataAction> OPERATIONS = Map.of("sign", KEYS_SIGN, "verify", KEYS_VERIFY,
            "encrypt", KEYS_ENCRYPT, "decrypt", KEYS_DECRYPT, "wrapkey", KEYS_WRAP, "unwrapkey", KEYS_UNWRAP);
    private static final Map<String, Function<PathParameters, Optional<Requirement>>> TABLE = table();
    /**
     * Endpoints that need no principal and no role ({@code "<METHOD> <template>"}): none yet; the
     * token service's token, discovery and key-set endpoints belong here, and the authentication
     * filter must let them through too.
     */
    private static final String TOKEN_SERVICE = org.hsmpool.pool.auth.TokenPaths.INTERNAL_ROOT
            + "/{tenant}/{first}/{second}/{third}";
    private static final Set<String> PUBLIC = Set.of("POST " + TOKEN_SERVICE, "GET " + TOKEN_SERVICE);

    private EndpointActions() {
    }

    private static Map<String, Function<PathParameters, Optional<Requirement>>> table() {
        var t = new LinkedHashMap<String, Function<PathParameters, Optional<Requirement>>>();
        // keys
        t.put("GET /keys", keys(KEYS_READ));
        t.put("POST /keys/restore", keys(KEYS_RESTORE));
        t.put("POST /keys/{name}/create", key(KEYS_CREATE));
        t.put("PUT /keys/{name}", key(KEYS_IMPORT));
        t.put("GET /keys/{name}", key(KEYS_READ));
        t.put("GET /keys/{name}/{version}", key(KEYS_READ));
        t.put("GET /keys/{name}/versions", key(KEYS_READ));
        t.put("GET /keys/{name}/attestation", key(KEYS_READ));
        t.put("GET /keys/{name}/{version}/attestation", key(KEYS_READ));
        t.put("PATCH /keys/{name}", key(KEYS_WRITE));
        t.put("PATCH /keys/{name}/{version}", key(KEYS_WRITE));
        t.put("DELETE /keys/{name}", key(KEYS_DELETE));
        t.put("POST /keys/{name}/backup", key(KEYS_BACKUP));
        t.put("POST /keys/{name}/rotate", key(KEYS_ROTATE));
        t.put("GET /keys/{name}/rotationpolicy", key(KEYS_READ));
        t.put("PUT /keys/{name}/rotationpolicy", key(KEYS_WRITE));
        t.put("POST /keys/{name}/{operation}", EndpointActions::operation);
        t.put("POST /keys/{name}/{version}/{operation}", EndpointActions::operation);
        // deleted keys
        t.put("GET /deletedkeys", keys(DELETED_KEYS_READ));
        t.put("GET /deletedkeys/{name}", key(DELETED_KEYS_READ));
        t.put("POST /deletedkeys/{name}/recover", key(DELETED_KEYS_RECOVER));
        t.put("DELETE /deletedkeys/{name}", key(DELETED_KEYS_DELETE));
        t.put("POST /rng", keys(RNG));
        // security domain
        t.put("POST /securitydomain/download", pool(SECURITY_DOMAIN_DOWNLOAD));
        t.put("GET /securitydomain/download/pending", pool(SECURITY_DOMAIN_DOWNLOAD_READ));
        t.put("GET /securitydomain/upload", pool(SECURITY_DOMAIN_TRANSFER_KEY_READ));
        t.put("POST /securitydomain/upload", pool(SECURITY_DOMAIN_UPLOAD));
        t.put("GET /securitydomain/upload/pending", pool(SECURITY_DOMAIN_UPLOAD_READ));
        // security-domain drills (the pool's own): recording one is the Administrator's; the record is pool status
        t.put("POST /hsmpool/securitydomain/drill/key", pool(SECURITY_DOMAIN_DRILL));
        t.put("POST /hsmpool/securitydomain/drill", pool(SECURITY_DOMAIN_DRILL));
        t.put("GET /hsmpool/securitydomain/drill", pool(ROLE_ASSIGNMENTS_READ));
        // full backup and restore, selective key restore, settings (issue 17)
        t.put("POST /backup", pool(BACKUP_START));
        t.put("GET /backup/{jobId}/pending", pool(BACKUP_STATUS));
        t.put("PUT /restore", pool(RESTORE_START));
        t.put("GET /restore/{jobId}/pending", pool(RESTORE_STATUS));
        t.put("PUT /keys/{name}/restore", pool(RESTORE_START));
        t.put("GET /hsmpool/backup/jobs", pool(BACKUP_STATUS));
        t.put("GET /settings", pool(SETTINGS_READ));
        t.put("GET /settings/{name}", pool(SETTINGS_READ));
        t.put("PATCH /settings/{name}", pool(SETTINGS_WRITE));
        // operator endpoints (see the class comment)
        t.put("GET /hsmpool/status", pool(ROLE_ASSIGNMENTS_READ));
        t.put("POST /hsmpool/nodes", pool(NODES_WRITE));
        t.put("DELETE /hsmpool/nodes/{name}", pool(NODES_WRITE));
        t.put("GET /hsmpool/export", pool(BACKUP_START));
        t.put("POST /hsmpool/import", pool(RESTORE_START));
        // the audit log's head and seal checks (hsmpool audit verify): Administrator and Crypto Auditor
        t.put("GET /hsmpool/audit/head", pool(AUDIT_READ));
        t.put("POST /hsmpool/audit/seals", pool(AUDIT_READ));
        // local RBAC; RbacPaths rewrites assignments at /keys to .../Microsoft.Authorization/keys/roleAssignments
        // and those at one key to .../roleAssignments/keys/{key}
        t.put("GET " + RBAC + "/roleAssignments", pool(ROLE_ASSIGNMENTS_READ));
        t.put("GET " + RBAC + "/roleAssignments/{name}", pool(ROLE_ASSIGNMENTS_READ));
        t.put("PUT " + RBAC + "/roleAssignments/{name}", pool(ROLE_ASSIGNMENTS_WRITE));
        t.put("DELETE " + RBAC + "/roleAssignments/{name}", pool(ROLE_ASSIGNMENTS_DELETE));
        t.put("GET " + RBAC + "/keys/roleAssignments", keys(ROLE_ASSIGNMENTS_READ));
        t.put("GET " + RBAC + "/keys/roleAssignments/{name}", keys(ROLE_ASSIGNMENTS_READ));
        t.put("PUT " + RBAC + "/keys/roleAssignments/{name}", keys(ROLE_ASSIGNMENTS_WRITE));
        t.put("DELETE " + RBAC + "/keys/roleAssignments/{name}", keys(ROLE_ASSIGNMENTS_DELETE));
        t.put("GET " + RBAC + "/roleAssignments/keys/{key}", scopedKey(ROLE_ASSIGNMENTS_READ));
        t.put("GET " + RBAC + "/roleAssignments/keys/{key}/{name}", scopedKey(ROLE_ASSIGNMENTS_READ));
        t.put("PUT " + RBAC + "/roleAssignments/keys/{key}/{name}", scopedKey(ROLE_ASSIGNMENTS_WRITE));
        t.put("DELETE " + RBAC + "/roleAssignments/keys/{key}/{name}", scopedKey(ROLE_ASSIGNMENTS_DELETE));
        t.put("GET " + RBAC + "/roleDefinitions", pool(ROLE_DEFINITIONS_READ));
        t.put("GET " + RBAC + "/roleDefinitions/{name}", pool(ROLE_DEFINITIONS_READ));
        t.put("PUT " + RBAC + "/roleDefinitions/{name}", pool(ROLE_DEFINITIONS_WRITE));
        t.put("DELETE " + RBAC + "/roleDefinitions/{name}", pool(ROLE_DEFINITIONS_DELETE));
        return Map.copyOf(t);
    }

    /**
     * What the endpoint needs, or empty when it has no mapping (the caller denies it). Every method
     * under {@code /hsmpool/principals} needs {@code roleAssignments/write} at {@code /}.
     *
     * @param method the HTTP method
     * @param template the matched path template, as {@link #template} makes it
     */
    public static Optional<Requirement> requirement(String method, String template, PathParameters parameters) {
        var rule = TABLE.get(method + " " + template);
        if (rule != null) {
            return rule.apply(parameters);
        }
        if (template.equals(PRINCIPALS) || template.startsWith(PRINCIPALS + "/")) {
            return Optional.of(Requirement.atPool(ROLE_ASSIGNMENTS_WRITE));
        }
        return Optional.empty();
    }

    /** Whether the endpoint is open to anyone (see {@link #PUBLIC}). */
    public static boolean isPublic(String method, String template) {
        return PUBLIC.contains(method + " " + template);
    }

    /** Whether the endpoint has a mapping (the operation endpoints count once, whatever the operation). */
    public static boolean isMapped(String method, String template) {
        return TABLE.containsKey(method + " " + template) || isPublic(method, template)
                || template.equals(PRINCIPALS) || template.startsWith(PRINCIPALS + "/");
    }

    /** Every mapped endpoint, for the documentation test. */
    public static Set<String> endpoints() {
        return TABLE.keySet();
    }

    /**
     * A JAX-RS template in the table's form: class and method paths joined, {@code {name: regex}}
     * reduced to {@code {name}}, no double or trailing slash.
     */
    public static String template(String classPath, String methodPath) {
        String joined = "/" + (classPath == null ? "" : classPath) + "/" + (methodPath == null ? "" : methodPath);
        String plain = joined.replaceAll("\\{\\s*([A-Za-z0-9_]+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        return plain.length() > 1 && plain.endsWith("/") ? plain.substring(0, plain.length() - 1) : plain;
    }

    private static Function<PathParameters, Optional<Requirement>> pool(DataAction action) {
        return p -> Optional.of(Requirement.atPool(action));
    }

    private static Function<PathParameters, Optional<Requirement>> keys(DataAction action) {
        return p -> Optional.of(Requirement.atKeys(action));
    }

    private static Function<PathParameters, Optional<Requirement>> key(DataAction action) {
        return p -> Optional.of(Requirement.onKey(action, p.get("name")));
    }

    private static Function<PathParameters, Optional<Requirement>> scopedKey(DataAction action) {
        return p -> Optional.of(Requirement.onKey(action, p.get("key")));
    }

    /** sign, verify, encrypt, ...: an unknown operation has no action and is denied. */
    private static Optional<Requirement> operation(PathParameters p) {
        DataAction action = OPERATIONS.get(p.get("operation"));
        return action == null ? Optional.empty() : Optional.of(Requirement.onKey(action, p.get("name")));
    }
}
