package org.hsmpool.sd;

/**
 * A raw RSA private-key operation, {@code m = c^d mod n} with no padding, as a PKCS#11 token offers
 * it through CKM_RSA_X_509. hsm-node implements this over its transfer key, whose private half
 * never leaves the token; the OAEP-SHA-256 unpadding that the token cannot do is done here, by
 * Bouncy Castle, around this operation.
 */
public interface RawRsaDecryptor {

    /** Bit length of the modulus n. */
    int modulusBits();

    /**
     * Returns {@code c^d mod n} as a big-endian byte string of at most {@code (modulusBits + 7) / 8}
     * bytes (leading zero bytes may be kept or dropped). May throw any RuntimeException on a token
     * failure; it is reported as {@code CRYPTO_FAILURE}.
     */
    byte[] rawDecrypt(byte[] c);
}
