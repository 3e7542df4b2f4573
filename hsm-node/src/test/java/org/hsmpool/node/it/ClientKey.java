package org.hsmpool.node.it;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;

import org.hsmpool.node.testing.JcaKeys;
import org.hsmpool.nodeapi.v1.Curve;
import org.hsmpool.nodeapi.v1.KeySpec;
import org.hsmpool.nodeapi.v1.KeyType;
import org.hsmpool.nodeapi.v1.PublicKey;

import com.google.protobuf.ByteString;

/**
 * A key as a client brings it: made outside any token, with its PKCS#8 encoding (or raw AES bytes)
 * and its public half as the contract carries it. secp256k1 comes from Bouncy Castle, since the
 * JDK 17 has no such curve.
 */
record ClientKey(KeySpec spec, byte[] encoded, PublicKey publicKey, KeyPair pair) {
    private static final SecureRandom RANDOM = new SecureRandom();

    static ClientKey rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        KeyPair pair = g.generateKeyPair();
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        return new ClientKey(KeySpec.newBuilder().setType(KeyType.RSA).setSize(bits).build(),
                pair.getPrivate().getEncoded(), PublicKey.newBuilder().setN(unsigned(pub.getModulus(), 0))
                        .setE(unsigned(pub.getPublicExponent(), 0)).build(), pair);
    }

    static ClientKey ec(Curve curve) throws Exception {
        String name = switch (curve) {
            case P_256 -> "secp256r1";
            case P_384 -> "secp384r1";
            case P_521 -> "secp521r1";
            default -> "secp256k1";
        };
        KeyPairGenerator g = curve == Curve.P_256K ? KeyPairGenerator.getInstance("EC", JcaKeys.BC)
                : KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(name));
        KeyPair pair = g.generateKeyPair();
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        int n = (pub.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        return new ClientKey(KeySpec.newBuilder().setType(KeyType.EC).setCurve(curve).build(),
                pair.getPrivate().getEncoded(), PublicKey.newBuilder().setX(unsigned(pub.getW().getAffineX(), n))
                        .setY(unsigned(pub.getW().getAffineY(), n)).build(), pair);
    }

    static ClientKey aes(int bits) {
        byte[] key = new byte[bits / 8];
        RANDOM.nextBytes(key);
        return new ClientKey(KeySpec.newBuilder().setType(KeyType.OCT).setSize(bits).build(), key,
                PublicKey.getDefaultInstance(), null);
    }

    ClientKey declaredAs(KeySpec other) {
        return new ClientKey(other, encoded, publicKey, pair);
    }

    ClientKey withPublicKeyOf(ClientKey other) {
        return new ClientKey(spec, encoded, other.publicKey, pair);
    }

    /** Big-endian without sign byte, left-padded to {@code length} when length > 0. */
    private static ByteString unsigned(BigInteger v, int length) {
        byte[] b = v.toByteArray();
        int start = b.length > 1 && b[0] == 0 ? 1 : 0;
        int size = b.length - start;
        byte[] out = new byte[Math.max(size, length)];
        System.arraycopy(b, start, out, out.length - size, size);
        return ByteString.copyFrom(out);
    }

    @Override
    public String toString() {
        return spec.getType() + (spec.getType() == KeyType.EC ? " " + spec.getCurve() : " " + spec.getSize());
    }
}
