package org.hsmpool.sd;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.hsmpool.sd.SecurityDomainException.Reason;

/**
 * A public 32-byte fingerprint of S: {@code HMAC-SHA-256(K_cv, "hsmpool check value v1")} with
 * {@code K_cv = HKDF(S, pool id, "hsmpool check value key v1")}. It is a PRF output under a key
 * that nothing else uses, so it tells nothing about S, W or H; it lets a node prove that a
 * recombination gave back S and, since K_cv is salted with the pool id, that the pool id is S's.
 */
public final class CheckValue {

    public static final int BYTES = 32;
    static final String LABEL = "hsmpool check value v1";

    private final byte[] value;

    public CheckValue(byte[] value) {
        if (value == null || value.length != BYTES) {
            throw new SecurityDomainException(Reason.INVALID_ARGUMENT, "check_value must be " + BYTES + " bytes");
        }
        this.value = value.clone();
    }

    /** The check value of {@code master} in the domain {@code poolId}. */
    public static CheckValue of(byte[] master, String poolId) {
        byte[] key = DomainKdf.derive(master, poolId, DomainKdf.CHECK_KEY_LABEL);
        try {
            HMac hmac = new HMac(new SHA256Digest());
            hmac.init(new KeyParameter(key));
            byte[] label = LABEL.getBytes(UTF_8);
            hmac.update(label, 0, label.length);
            byte[] out = new byte[BYTES];
            hmac.doFinal(out, 0);
            return new CheckValue(out);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Parses the canonical unpadded base64url form; {@code field} names the source in errors. */
    public static CheckValue fromBase64Url(String text, String field, Reason reason) {
        return new CheckValue(Base64Url.decode(text, BYTES, field, reason));
    }

    /** Whether {@code master} of {@code poolId} has this check value; compares in constant time. */
    public boolean matches(byte[] master, String poolId) {
        return MessageDigest.isEqual(value, of(master, poolId).value);
    }

    public byte[] value() {
        return value.clone();
    }

    public String toBase64Url() {
        return Base64Url.encode(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CheckValue that && MessageDigest.isEqual(value, that.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "CheckValue[" + toBase64Url() + "]";
    }
}
