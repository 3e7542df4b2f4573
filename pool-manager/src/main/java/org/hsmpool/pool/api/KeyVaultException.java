package org.hsmpool.pool.api;

/**
 * A failure the client sees, as Key Vault reports it: an HTTP status and an error code such as
 * {@code BadParameter}, {@code KeyNotFound}, {@code Forbidden}, {@code Conflict}. Messages say
 * what was wrong and never contain key material or request data.
 */
public final class KeyVaultException extends RuntimeException {
    private final int status;
    private final String code;
    private final Integer retryAfterSeconds;

    public KeyVaultException(int status, String code, String message) {
        this(status, code, message, null, null);
    }

    public KeyVaultException(int status, String code, String message, Integer retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static KeyVaultException badParameter(String message) {
        return new KeyVaultException(400, "BadParameter", message);
    }

    public static KeyVaultException keyNotFound(String message) {
        return new KeyVaultException(404, "KeyNotFound", message);
    }

    public static KeyVaultException forbidden(String code, String message) {
        return new KeyVaultException(403, code, message);
    }

    public static KeyVaultException conflict(String message) {
        return new KeyVaultException(409, "Conflict", message);
    }

    /** The pool cannot serve right now (no healthy node, not activated): the client may retry. */
    public static KeyVaultException unavailable(String message, int retryAfterSeconds) {
        return new KeyVaultException(503, "ServiceUnavailable", message, retryAfterSeconds, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Seconds for a Retry-After header, or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
