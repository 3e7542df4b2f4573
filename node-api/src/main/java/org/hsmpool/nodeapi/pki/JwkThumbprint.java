package org.hsmpool.nodeapi.pki;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * RFC 7638 thumbprints (SHA-256, base64url) of RSA, EC and AKP (ML-DSA) public keys, from their numbers, so that a
 * node (which has the token's numbers) and a verifier (which has a Key Vault JWK) name a public key
 * the same way. Members in lexicographic order, no whitespace; {@code kty} without Key Vault's
 * {@code -HSM} suffix; {@code crv} as Key Vault writes it (P-256, P-384, P-521, P-256K).
 */
public final class JwkThumbprint {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private JwkThumbprint() {
    }

    public static String rsa(BigInteger modulus, BigInteger exponent) {
        return digest("{\"e\":\"" + B64.encodeToString(unsigned(exponent)) + "\",\"kty\":\"RSA\",\"n\":\""
                + B64.encodeToString(unsigned(modulus)) + "\"}");
    }

    /** {@code x} and {@code y} as Key Vault carries them (base64url of the fixed-length coordinates). */
    public static String ec(String crv, String x, String y) {
        return digest("{\"crv\":\"" + crv + "\",\"kty\":\"EC\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}");
    }

    public static String ec(String crv, byte[] x, byte[] y) {
        return ec(crv, B64.encodeToString(x), B64.encodeToString(y));
    }

    /**
     * An ML-DSA (AKP) key: the required members of the IETF COSE/JOSE ML-DSA draft, {@code alg},
     * {@code kty} and {@code pub}, in that (lexicographic) order.
     */
    public static String akp(String alg, byte[] pub) {
        return digest("{\"alg\":\"" + alg + "\",\"kty\":\"AKP\",\"pub\":\"" + B64.encodeToString(pub) + "\"}");
    }

    private static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String digest(String canonical) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
