package org.hsmpool.sd;

/**
 * The one error of this library. {@link #reason()} is stable and meant for callers to map (gRPC
 * status, REST error code, CLI exit code); the message is for people and names the field or the
 * share at fault. Neither ever contains secret bytes.
 */
public final class SecurityDomainException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Stable codes; add new ones at the end, never rename. */
    public enum Reason {
        /** A caller passed a value out of range: N, M, master length, pool id, a null. */
        INVALID_ARGUMENT,
        /** An administrator certificate is unusable (not RSA, too small, given twice). */
        INVALID_CERTIFICATE,
        /** The blob is not well-formed JSON of the expected shape and sizes. */
        MALFORMED_BLOB,
        /** The blob declares a format version this code does not read. */
        UNSUPPORTED_VERSION,
        /** A share envelope is not a compact JWE of the expected shape, algorithms and header. */
        MALFORMED_SHARE,
        /** Fewer distinct shares than the quorum M. */
        TOO_FEW_SHARES,
        /** Two shares carry the same index. */
        DUPLICATE_SHARE,
        /** The share is encrypted to another administrator certificate. */
        WRONG_RECIPIENT,
        /** The share is encrypted to another transfer key. */
        WRONG_TRANSFER_KEY,
        /** The share belongs to another security domain (other pool id or other check value). */
        WRONG_DOMAIN,
        /** Authenticated decryption failed, or public facts disagree with an authenticated header. */
        TAMPERED,
        /** The recombined secret does not match the check value. */
        WRONG_SHARES,
        /** A transfer key JWK is malformed or inconsistent with its certificate. */
        INVALID_TRANSFER_KEY,
        /** A PEM key or certificate file cannot be read. */
        INVALID_KEY_FILE,
        /** The passphrase does not decrypt the private key file. */
        WRONG_PASSPHRASE,
        /** A crypto provider or token failed for a reason that is not the input's fault. */
        CRYPTO_FAILURE
    }

    private final Reason reason;

    public SecurityDomainException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SecurityDomainException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "SecurityDomainException[" + reason + "]: " + getMessage();
    }
}
