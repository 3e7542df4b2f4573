package org.hsmpool.cli.key;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

import org.hsmpool.cli.common.UserError;

import com.fasterxml.jackson.databind.JsonNode;

/** Which algorithm a key uses when none is given, and which digest a signature algorithm signs. */
final class KeyAlgorithms {
    private KeyAlgorithms() {
    }

    /** The signature algorithm for a key's public JWK: ES* by curve for EC, PS256 for RSA. */
    static String defaultSignature(JsonNode jwk) {
        String kty = jwk.path("kty").asText();
        if (kty.startsWith("EC")) {
            return switch (jwk.path("crv").asText()) {
                case "P-384" -> "ES384";
                case "P-521" -> "ES512";
                case "P-256K" -> "ES256K";
                default -> "ES256";
            };
        }
        if (kty.startsWith("RSA")) {
            return "PS256";
        }
        throw new UserError("a " + kty + " key does not sign; use an EC or RSA key");
    }

    /** The encryption algorithm for a key: RSA-OAEP-256 for RSA, A256GCM for an AES key (give --alg for others). */
    static String defaultEncryption(JsonNode jwk) {
        String kty = jwk.path("kty").asText();
        if (kty.startsWith("RSA")) {
            return "RSA-OAEP-256";
        }
        if (kty.startsWith("oct")) {
            return "A256GCM";
        }
        throw new UserError("a " + kty + " key does not encrypt; use an RSA or oct key (or give --alg)");
    }

    /** The digest of {@code data} that the signature algorithm {@code alg} signs. */
    static byte[] digest(String alg, byte[] data) {
        String upper = alg.toUpperCase(Locale.ROOT);
        String hash;
        if (upper.endsWith("256") || upper.equals("ES256K")) {
            hash = "SHA-256";
        } else if (upper.endsWith("384")) {
            hash = "SHA-384";
        } else if (upper.endsWith("512")) {
            hash = "SHA-512";
        } else {
            throw new UserError("'" + alg + "' is not a signature algorithm; use one of RS256, RS384, RS512, PS256, PS384,"
                    + " PS512, ES256, ES384, ES512, ES256K");
        }
        try {
            return MessageDigest.getInstance(hash).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hash + " is part of every Java platform", e);
        }
    }
}
