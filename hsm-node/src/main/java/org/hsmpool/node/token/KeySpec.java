package org.hsmpool.node.token;

/**
 * What kind of key a token object is, with its size. {@link MlDsa} is the one kind a token of
 * PKCS#11 before 3.2 cannot hold: the node keeps those keys sealed (docs/hsm-node.md, "ML-DSA").
 */
public sealed interface KeySpec {

    /** RSA key pair; public exponent 65537. */
    record Rsa(int bits) implements KeySpec {
        public Rsa {
            if (bits != 2048 && bits != 3072 && bits != 4096) {
                throw new IllegalArgumentException("RSA size must be 2048, 3072 or 4096, not " + bits);
            }
        }
    }

    record Ec(Curve curve) implements KeySpec {
        public Ec {
            java.util.Objects.requireNonNull(curve, "curve");
        }
    }

    record Aes(int bits) implements KeySpec {
        public Aes {
            if (bits != 128 && bits != 192 && bits != 256) {
                throw new IllegalArgumentException("AES size must be 128, 192 or 256, not " + bits);
            }
        }
    }

    /** A generic secret for HMAC (the pool MAC key). */
    record HmacSecret(int bits) implements KeySpec {
        public HmacSecret {
            if (bits < 128 || bits > 512 || bits % 8 != 0) {
                throw new IllegalArgumentException("HMAC key size must be 128..512 bits");
            }
        }
    }

    /** An ML-DSA key pair (FIPS 204) of parameter set 44, 65 or 87; never a token object here. */
    record MlDsa(int parameterSet) implements KeySpec {
        public MlDsa {
            if (parameterSet != 44 && parameterSet != 65 && parameterSet != 87) {
                throw new IllegalArgumentException("ML-DSA parameter set must be 44, 65 or 87, not " + parameterSet);
            }
        }

        @Override
        public String toString() {
            return "ML-DSA-" + parameterSet;
        }
    }

    default boolean isPair() {
        return this instanceof Rsa || this instanceof Ec;
    }

    /** Whether this token can hold the key as an object (every kind but ML-DSA). */
    default boolean inToken() {
        return !(this instanceof MlDsa);
    }
}
