package org.hsmpool.pool.api;

import org.hsmpool.pool.keys.KeyException;
import org.hsmpool.pool.rbac.RbacException;
import org.hsmpool.pool.router.RoutingException;

/**
 * The one mapping of the layers' own failures to what a Key Vault client sees: each layer below the
 * edge throws its own exception with a stable code ({@link KeyException}, {@link RbacException},
 * {@link RoutingException} for the node calls an edge makes itself),
 * and here, once, each code becomes an HTTP status and a Key Vault error code ({@link ErrorMappers}
 * maps a store failure that no layer gave a meaning, and the framework's own failures). The
 * switches are exhaustive: a new code does not compile until it is mapped here.
 */
public final class DomainErrors {

    /** How long a client waits before it asks again after a node did not answer. */
    private static final int NODE_RETRY_SECONDS = 2;

    private DomainErrors() {
    }

    public static KeyVaultException of(KeyException e) {
        return switch (e.code()) {
            case BAD_PARAMETER -> wire(400, "BadParameter", e);
            case KEY_NOT_FOUND -> wire(404, "KeyNotFound", e);
            case FORBIDDEN -> wire(403, "Forbidden", e);
            case KEY_DISABLED -> wire(403, "KeyDisabled", e);
            case CONFLICT -> wire(409, "Conflict", e);
            case UNAVAILABLE -> new KeyVaultException(503, "ServiceUnavailable", e.getMessage(),
                    e.retryAfterSeconds(), e);
            case INTERNAL -> wire(500, "InternalError", e);
        };
    }

    public static KeyVaultException of(RbacException e) {
        return switch (e.code()) {
            case BAD_PARAMETER -> wire(400, "BadParameter", e);
            case CONFLICT -> wire(409, "Conflict", e);
            case ROLE_ASSIGNMENT_EXISTS -> wire(409, "RoleAssignmentExists", e);
            case ROLE_ASSIGNMENT_NOT_FOUND -> wire(404, "RoleAssignmentNotFound", e);
            case ROLE_DEFINITION_NOT_FOUND -> wire(404, "RoleDefinitionNotFound", e);
        };
    }

    /**
     * A node call that an edge made itself (the security domain's, on one node): the node's message
     * goes to the client as it is, since it names what was wrong with the request (a share, a blob)
     * and never holds secrets.
     */
    public static KeyVaultException of(RoutingException e) {
        return switch (e.code()) {
            case BAD_REQUEST, WRONG_DOMAIN, INTEGRITY -> new KeyVaultException(400, "BadParameter", e.detail(), null, e);
            case NO_DOMAIN -> new KeyVaultException(409, "Conflict", "the node holds no security domain: " + e.detail(),
                    null, e);
            case NODE_UNAVAILABLE -> new KeyVaultException(503, "ServiceUnavailable",
                    "the node did not answer: " + e.detail(), NODE_RETRY_SECONDS, e);
            case NO_NODE -> new KeyVaultException(503, "ServiceUnavailable", e.detail(), NODE_RETRY_SECONDS, e);
            case KEY_NOT_FOUND, KEY_EXISTS, KEY_USAGE, TOKEN_ERROR, PEER_NOT_TRUSTED, INTERNAL ->
                new KeyVaultException(500, "InternalError", "the node failed: " + e.detail(), null, e);
        };
    }

    private static KeyVaultException wire(int status, String code, RuntimeException e) {
        return new KeyVaultException(status, code, e.getMessage(), null, e);
    }
}
