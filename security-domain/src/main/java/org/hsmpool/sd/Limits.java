package org.hsmpool.sd;

import static org.hsmpool.sd.SecurityDomainException.Reason.INVALID_ARGUMENT;

import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.regex.Pattern;
import org.hsmpool.sd.SecurityDomainException.Reason;

/** The ranges a security domain must stay in, and the checks that enforce them. */
public final class Limits {

    /** Length of the master secret S in bytes. */
    public static final int MASTER_BYTES = 32;
    /** Fewest administrators (N) a domain is split between. */
    public static final int MIN_SHARES = 3;
    /** Most administrators (N) a domain is split between. */
    public static final int MAX_SHARES = 10;
    /** Smallest quorum (M). The largest is N. */
    public static final int MIN_REQUIRED = 2;
    /** Smallest RSA modulus accepted for an administrator certificate or a transfer key. */
    public static final int MIN_RSA_BITS = 2048;
    /** Largest RSA modulus accepted (bounds the size of an encrypted key in a JWE). */
    public static final int MAX_RSA_BITS = 8192;
    /** What a pool id (the security domain's id) may look like: a UUID or a short name. */
    public static final Pattern POOL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private Limits() {
    }

    static void requireMaster(byte[] master) {
        if (master == null || master.length != MASTER_BYTES) {
            throw new SecurityDomainException(INVALID_ARGUMENT, "the master secret must be "
                    + MASTER_BYTES + " bytes, got " + (master == null ? "null" : master.length + " bytes"));
        }
    }

    static String requirePoolId(String poolId) {
        if (poolId == null || !POOL_ID.matcher(poolId).matches()) {
            throw new SecurityDomainException(INVALID_ARGUMENT, "pool_id must match "
                    + POOL_ID.pattern() + ", got " + (poolId == null ? "null" : quote(poolId)));
        }
        return poolId;
    }

    static void requireCounts(int shareCount, int required) {
        if (shareCount < MIN_SHARES || shareCount > MAX_SHARES) {
            throw new SecurityDomainException(INVALID_ARGUMENT, "share_count (N) must be between "
                    + MIN_SHARES + " and " + MAX_SHARES + ", got " + shareCount);
        }
        if (required < MIN_REQUIRED || required > shareCount) {
            throw new SecurityDomainException(INVALID_ARGUMENT, "required (M) must be between "
                    + MIN_REQUIRED + " and share_count (N) = " + shareCount + ", got " + required);
        }
    }

    static RSAPublicKey requireRsa(PublicKey key, String what, Reason reason) {
        if (!(key instanceof RSAPublicKey rsa)) {
            throw new SecurityDomainException(reason, what + " must hold an RSA public key, got "
                    + (key == null ? "none" : key.getAlgorithm()));
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
            throw new SecurityDomainException(reason, what + " has a " + bits
                    + "-bit RSA key; between " + MIN_RSA_BITS + " and " + MAX_RSA_BITS + " bits are accepted");
        }
        return rsa;
    }

    /** Quotes untrusted text for a message. */
    static String quote(String text) {
        return "'" + printable(text) + "'";
    }

    /** Untrusted text made safe for a message: printable ASCII only, cut short so it cannot flood a log. */
    static String printable(String text) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
