package org.hsmpool.node.token;

/**
 * A failure at the token seam. {@link #kind()} says what the caller may do about it; {@link #ckr()}
 * names the PKCS#11 return value when the token itself refused (empty otherwise). Messages never
 * contain key material, PINs or data.
 */
public final class TokenException extends RuntimeException {

    public enum Kind {
        /** No object with that id in this token. */
        NOT_FOUND,
        /** An object with that id already exists. */
        EXISTS,
        /** The key exists but its usage flags or type do not allow the operation. */
        KEY_USAGE,
        /** The input is malformed for the mechanism (length, padding, parameters). */
        BAD_INPUT,
        /** Signature, tag, MAC or wrapped key did not verify. */
        INTEGRITY,
        /** Login refused: wrong PIN, locked PIN, or too many failed attempts. */
        LOGIN_FAILED,
        /** The token is not reachable (removed, library not initialised, no session in time). */
        UNAVAILABLE,
        /** Any other refusal by the token. */
        TOKEN
    }

    private final Kind kind;
    private final String ckr;
    private final String detail;

    public TokenException(Kind kind, String message, String ckr, Throwable cause) {
        super(ckr == null || ckr.isEmpty() ? message : message + " (" + ckr + ")", cause);
        this.kind = kind;
        this.ckr = ckr == null ? "" : ckr;
        this.detail = message;
    }

    public TokenException(Kind kind, String message) {
        this(kind, message, "", null);
    }

    public Kind kind() {
        return kind;
    }

    public String ckr() {
        return ckr;
    }

    /** The message without the CKR name. */
    public String detail() {
        return detail;
    }
}
