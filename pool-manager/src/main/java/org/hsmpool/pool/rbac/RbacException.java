package org.hsmpool.pool.rbac;

/**
 * The RBAC layer's failure: a stable {@link Code} and a message that says what was wrong. What a
 * client sees of it (HTTP status, Key Vault error code) is decided once, at the edge
 * ({@code api.DomainErrors}).
 */
public final class RbacException extends RuntimeException {

    /** What went wrong, in RBAC's terms. */
    public enum Code {
        /** A malformed scope, name, data action or assignment. */
        BAD_PARAMETER,
        /** Beyond a limit of the pool (custom roles, assignments at a scope). */
        CONFLICT,
        /** The assignment exists, or the principal already holds the role at the scope. */
        ROLE_ASSIGNMENT_EXISTS,
        ROLE_ASSIGNMENT_NOT_FOUND,
        ROLE_DEFINITION_NOT_FOUND
    }

    private final Code code;

    public RbacException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public static RbacException badParameter(String message) {
        return new RbacException(Code.BAD_PARAMETER, message);
    }

    public static RbacException conflict(String message) {
        return new RbacException(Code.CONFLICT, message);
    }

    public Code code() {
        return code;
    }
}
