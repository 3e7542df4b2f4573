package org.hsmpool.bench.core;

/** The operations the benchmark measures, on both sides. */
public enum Operation {
    RS256_SIGN("RS256 sign (RSA-2048)", "RS256"),
    ES256_SIGN("ES256 sign (P-256)", "ES256"),
    A256GCM_ENCRYPT("A256GCM encrypt 1 KiB", "A256GCM"),
    RSA_OAEP_256_UNWRAP("RSA-OAEP-256 unwrap 32 B", null),
    RSA_2048_CREATE("key create RSA-2048", null),
    RS256_VERIFY("RS256 verify (RSA-2048)", null),
    /** Pure ML-DSA-65 over a 1 KiB message; the key is held sealed by the node process (no token ML-DSA). */
    ML_DSA_65_SIGN("ML-DSA-65 sign 1 KiB message", "ML-DSA-65");

    private final String label;
    private final String ratioName;

    Operation(String label, String ratioName) {
        this.label = label;
        this.ratioName = ratioName;
    }

    public String label() {
        return label;
    }

    /** The name in the pool/raw ratio line, or null when the operation is not in it. */
    public String ratioName() {
        return ratioName;
    }

    /** A fixed, well-formed SHA-256 digest to sign: the benchmark measures the token, not hashing. */
    public static byte[] digest() {
        byte[] d = new byte[32];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) (i * 7 + 1);
        }
        return d;
    }

    /** The 1 KiB plaintext of the AES-GCM case and the 32-byte key of the unwrap case. */
    public static byte[] bytes(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + 3);
        }
        return b;
    }
}
