package org.hsmpool.sd;

import static org.hsmpool.sd.SecurityDomainException.Reason.MALFORMED_SHARE;
import static org.hsmpool.sd.SecurityDomainException.Reason.TAMPERED;
import static org.hsmpool.sd.SecurityDomainException.Reason.WRONG_DOMAIN;
import static org.hsmpool.sd.SecurityDomainException.Reason.WRONG_RECIPIENT;
import static org.hsmpool.sd.SecurityDomainException.Reason.WRONG_TRANSFER_KEY;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEObject;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Base64;

/**
 * One share envelope, parsed but not yet decrypted. Parsing is strict (five canonical base64url
 * parts of the sizes this format produces, a header of exactly the expected parameters), and the
 * cheap checks on the header run before any private-key operation. Single use: nimbus's
 * {@link JWEObject} changes state when decrypted.
 */
final class SealedShare {

    static final int MAX_LENGTH = 8192;
    private static final int MAX_HEADER_BYTES = 2048;
    private static final int IV_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final String[] PART_NAMES = {"header", "encrypted key", "iv", "ciphertext", "tag"};

    private final JWEObject jwe;
    private final ShareHeader header;
    private final String what;

    private SealedShare(JWEObject jwe, ShareHeader header, String what) {
        this.jwe = jwe;
        this.header = header;
        this.what = what;
    }

    /** Parses {@code compact}; {@code what} names the envelope in errors ("shares[2].jwe", "transfer share #1"). */
    static SealedShare parse(String compact, String what) {
        checkShape(compact, what);
        JWEObject jwe;
        try {
            jwe = JWEObject.parse(compact);
        } catch (ParseException e) {
            throw new SecurityDomainException(MALFORMED_SHARE, what + ": not a JWE: " + e.getMessage());
        } catch (RuntimeException e) {
            // nimbus 10.7 throws a NullPointerException for a header without "enc"
            throw new SecurityDomainException(MALFORMED_SHARE, what + ": not a JWE: its header cannot be read", e);
        }
        return new SealedShare(jwe, ShareHeader.from(jwe.getHeader(), what), what);
    }

    ShareHeader header() {
        return header;
    }

    String what() {
        return what;
    }

    /** Refuses, before decrypting, an envelope of another kind, for another key or of other facts. */
    void requireAddressedTo(ShareKind kind, Thumbprint recipient, DomainFacts expected) {
        if (header.kind() != kind) {
            throw new SecurityDomainException(MALFORMED_SHARE, what + " is " + header.kind().description
                    + ", " + kind.description + " was expected");
        }
        if (!header.recipient().equals(recipient)) {
            throw kind == ShareKind.ADMIN
                    ? new SecurityDomainException(WRONG_RECIPIENT, what + " is encrypted to the administrator"
                            + " certificate " + header.recipient() + ", not to " + recipient)
                    : new SecurityDomainException(WRONG_TRANSFER_KEY, what + " is encrypted to the transfer key "
                            + header.recipient() + ", not to this node's transfer key " + recipient);
        }
        String field = header.facts().firstDifference(expected);
        if ("pool_id".equals(field)) {
            throw new SecurityDomainException(WRONG_DOMAIN, what + " belongs to the security domain of pool "
                    + Limits.quote(header.facts().poolId()) + ", not " + Limits.quote(expected.poolId()));
        }
        if ("check_value".equals(field)) {
            throw new SecurityDomainException(WRONG_DOMAIN, what + " belongs to another security domain of pool "
                    + Limits.quote(expected.poolId()) + " (its check value differs)");
        }
        if (field != null) {
            throw new SecurityDomainException(TAMPERED, what + ": its header and the blob disagree on "
                    + field + "; one of them was altered");
        }
    }

    /** Decrypts; any change to any part of the envelope since it was made fails here. */
    Share open(JWEDecrypter decrypter) {
        try {
            jwe.decrypt(decrypter);
        } catch (JOSEException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SecurityDomainException failure) {
                    throw failure;
                }
            }
            throw new SecurityDomainException(TAMPERED, what + " does not decrypt: it was altered after it was"
                    + " made, or the private key does not belong to its recipient", e);
        }
        byte[] bytes = jwe.getPayload().toBytes();
        try {
            if (bytes.length != Limits.MASTER_BYTES) {
                throw new SecurityDomainException(TAMPERED, what + " holds " + bytes.length + " bytes, not a share");
            }
            return new Share(header.index(), bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static void checkShape(String compact, String what) {
        if (compact == null || compact.length() > MAX_LENGTH) {
            throw new SecurityDomainException(MALFORMED_SHARE, what + " must be a compact JWE of at most "
                    + MAX_LENGTH + " characters");
        }
        String[] parts = compact.split("\\.", -1);
        if (parts.length != PART_NAMES.length) {
            throw new SecurityDomainException(MALFORMED_SHARE, what + " must be a compact JWE of five"
                    + " dot-separated parts, found " + parts.length);
        }
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty() || !Base64Url.isCanonical(parts[i])) {
                throw new SecurityDomainException(MALFORMED_SHARE, what + ": the " + PART_NAMES[i]
                        + " is not canonical unpadded base64url");
            }
        }
        requireSize(parts[0], 1, MAX_HEADER_BYTES, what, "header");
        requireSize(parts[1], Limits.MIN_RSA_BITS / 8, Limits.MAX_RSA_BITS / 8, what, "encrypted key");
        requireSize(parts[2], IV_BYTES, IV_BYTES, what, "iv");
        requireSize(parts[3], Limits.MASTER_BYTES, Limits.MASTER_BYTES, what, "ciphertext");
        requireSize(parts[4], TAG_BYTES, TAG_BYTES, what, "tag");
    }

    private static void requireSize(String part, int min, int max, String what, String name) {
        int size = Base64.getUrlDecoder().decode(part).length;
        if (size < min || size > max) {
            throw new SecurityDomainException(MALFORMED_SHARE, what + ": the " + name + " is " + size
                    + " bytes, expected " + (min == max ? String.valueOf(min) : min + " to " + max));
        }
    }
}
