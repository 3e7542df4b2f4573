package org.hsmpool.pool.nodes;

/** A node membership change the pool refuses, with why (the API maps the code to its status). */
public final class MembershipException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the change. */
    public enum Code {
        /** The name or endpoint is not valid. */
        INVALID,
        /** The pool has no such node. */
        NOT_FOUND,
        /** The change conflicts with the pool as it is (the name is taken; the last healthy node). */
        CONFLICT
    }

    private final Code code;

    MembershipException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
