package org.hsmpool.node.token;

/** What kind of key a token object is, with its size. */
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

    default boolean isPair() {
        return this instanceof Rsa || this instanceof Ec;
    }
}
