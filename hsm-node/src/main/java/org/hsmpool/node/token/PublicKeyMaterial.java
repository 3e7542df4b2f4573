package org.hsmpool.node.token;

import java.math.BigInteger;

/** The public half of a key pair, as the token reports it. */
public sealed interface PublicKeyMaterial {

    record Rsa(BigInteger modulus, BigInteger publicExponent) implements PublicKeyMaterial {
        public int bits() {
            return modulus.bitLength();
        }
    }

    /** Uncompressed affine coordinates, each {@code curve.fieldBytes()} long. */
    record Ec(Curve curve, byte[] x, byte[] y) implements PublicKeyMaterial {
        public Ec {
            x = x.clone();
            y = y.clone();
        }

        @Override
        public byte[] x() {
            return x.clone();
        }

        @Override
        public byte[] y() {
            return y.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ec e && e.curve == curve && java.util.Arrays.equals(e.x, x)
                    && java.util.Arrays.equals(e.y, y);
        }

        @Override
        public int hashCode() {
            return curve.hashCode() * 31 + java.util.Arrays.hashCode(x);
        }

        @Override
        public String toString() {
            return "Ec[" + curve + "]";
        }
    }

    /** An ML-DSA public key, raw (FIPS 204 pkEncode). */
    record MlDsa(byte[] encoded) implements PublicKeyMaterial {
        public MlDsa {
            encoded = encoded.clone();
        }

        @Override
        public byte[] encoded() {
            return encoded.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MlDsa m && java.util.Arrays.equals(m.encoded, encoded);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(encoded);
        }

        @Override
        public String toString() {
            return "MlDsa[" + encoded.length + " bytes]";
        }
    }

    /** Secret keys have no public half. */
    record None() implements PublicKeyMaterial {
    }
}
