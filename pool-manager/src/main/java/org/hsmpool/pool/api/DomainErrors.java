package org.hsmpool.pool.api;

import org.hsmpool.pool.keys.KeyException;
import org.hsmpool.pool.rbac.RbacException;

/**
 * The one mapping of the layers' own failures to what a Key Vault client sees: each layer below the
 * edge throws its own exception with a stable code ({@link KeyException}, {@link RbacException}),
 * and here, once, each code becomes an HTTP status and a Key Vault error code ({@link ErrorMappers}
 * maps a store failure that no layer gave a meaning, and the framework's own failures). The
 * switches are exhaustive: a new code does not compile until it is mapped here.
 */
public final class DomainErrors {

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

    private static KeyVaultException wire(int status, String code, RuntimeException e) {
        return new KeyVaultException(status, code, e.getMessage(), null, e);
    }
}
