package org.hsmpool.pool.keys;

/**
 * The keys layer's failure: a stable {@link Code} and a message that says what was wrong (never key
 * material or request data). What a client sees of it (HTTP status, Key Vault error code) is decided
 * once, at the edge ({@code api.DomainErrors}); nothing here knows about HTTP.
 */
public final class KeyException extends RuntimeException {

    /** What went wrong, in the keys layer's terms. */
    public enum Code {
        /** The request asks for something no key can do (a bad spec, a wrong algorithm for the key). */
        BAD_PARAMETER,
        /** No such key or version. */
        KEY_NOT_FOUND,
        /** The key or the pool's state does not allow it (not activated, key_ops, nbf..exp). */
        FORBIDDEN,
        /** The key is disabled. */
        KEY_DISABLED,
        /** The key's state conflicts with the call (a name in soft delete, a purged version). */
        CONFLICT,
        /** The pool cannot serve it right now (no node, a busy store): the client may retry. */
        UNAVAILABLE,
        /** A failure of ours. */
        INTERNAL
    }

    private final Code code;
    private final Integer retryAfterSeconds;

    private KeyException(Code code, String message, Integer retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static KeyException badParameter(String message) {
        return new KeyException(Code.BAD_PARAMETER, message, null, null);
    }

    public static KeyException keyNotFound(String message) {
        return new KeyException(Code.KEY_NOT_FOUND, message, null, null);
    }

    public static KeyException forbidden(String message) {
        return new KeyException(Code.FORBIDDEN, message, null, null);
    }

    public static KeyException keyDisabled(String message) {
        return new KeyException(Code.KEY_DISABLED, message, null, null);
    }

    public static KeyException conflict(String message) {
        return new KeyException(Code.CONFLICT, message, null, null);
    }

    /** The pool cannot serve right now (no healthy node, not activated): the client may retry. */
    public static KeyException unavailable(String message, int retryAfterSeconds) {
        return new KeyException(Code.UNAVAILABLE, message, retryAfterSeconds, null);
    }

    public static KeyException internal(String message, Throwable cause) {
        return new KeyException(Code.INTERNAL, message, null, cause);
    }

    public Code code() {
        return code;
    }

    /** Seconds after which a retry may succeed ({@link Code#UNAVAILABLE}), or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
