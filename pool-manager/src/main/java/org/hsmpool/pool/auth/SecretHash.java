package org.hsmpool.pool.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Client secrets as the store keeps them: PBKDF2-HMAC-SHA256 (the JDK's) with a random 16-byte
 * salt, written {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (base64url), so that the iteration
 * count can rise later without invalidating stored secrets. Verification compares in constant time.
 */
final class SecretHash {
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    static final int ITERATIONS = 600_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    private SecretHash() {
    }

    /** A fresh secret: 32 random bytes, base64url (43 characters). */
    static String newSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return B64.encodeToString(secret);
    }

    static String hash(String secret) {
        return hash(secret, ITERATIONS);
    }

    static String hash(String secret, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return SCHEME + "$" + iterations + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(derive(secret, salt, iterations));
    }

    /** Whether {@code secret} is the one {@code stored} was made from; false for a malformed value. */
    static boolean matches(String secret, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0]) || secret == null) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] expected = UNB64.decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(secret, UNB64.decode(parts[2]), iterations));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static byte[] derive(String secret, byte[] salt, int iterations) {
        if (iterations < 1 || iterations > 10_000_000) {
            throw new IllegalArgumentException("iteration count out of range");
        }
        char[] chars = secret.toCharArray(); // the JDK's PBKDF2 uses the chars' UTF-8 bytes
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java platform", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
