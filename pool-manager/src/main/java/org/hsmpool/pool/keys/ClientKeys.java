package org.hsmpool.pool.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Arrays;
import java.util.Map;

import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.hsmpool.nodeapi.v1.Curve;
import org.hsmpool.nodeapi.v1.KeySpec;
import org.hsmpool.nodeapi.v1.KeyType;
import org.hsmpool.nodeapi.v1.PublicKey;

import com.google.protobuf.ByteString;

/**
 * A client's JWK turned into what a node imports: the key's spec, its public half, and its PKCS#8
 * encoding (RSA, EC) or raw bytes (oct), which {@link org.hsmpool.nodeapi.KeyImports} wraps for the
 * node at once. Only the shape is checked here (sizes, curves, members present); the node checks
 * that the private and public halves belong together.
 */
final class ClientKeys {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private ClientKeys() {
    }

    /** What a node gets; {@link #close()} zeroes the encoded key. */
    record Prepared(KeySpec spec, PublicKey publicKey, byte[] encoded) implements AutoCloseable {
        @Override
        public void close() {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    static Prepared prepare(String keyType, ImportedKey key) {
        return switch (keyType) {
            case "RSA-HSM" -> rsa(key.members());
            case "EC-HSM" -> ec(key.curve(), key.members());
            case KeyOperations.AKP -> akp(key.alg(), key.members());
            default -> oct(key.members());
        };
    }

    /** An ML-DSA key: {@code priv} is its 32-byte seed (FIPS 204), {@code pub} its raw public key. */
    private static Prepared akp(String alg, Map<String, byte[]> m) {
        int set = KeyOperations.mlDsaParameterSet(alg);
        byte[] seed = m.get("priv");
        byte[] pub = m.get("pub");
        if (seed == null || pub == null) {
            throw KeyException.badParameter("key.priv (the 32-byte seed) and key.pub are required to import an "
                    + "AKP-HSM key");
        }
        if (seed.length != 32) {
            throw KeyException.badParameter("key.priv of an ML-DSA key is its 32-byte seed");
        }
        int pubLength = set == 44 ? 1312 : set == 65 ? 1952 : 2592;
        if (pub.length != pubLength) {
            throw KeyException.badParameter("key.pub of an " + alg + " key is " + pubLength + " bytes");
        }
        return new Prepared(KeySpec.newBuilder().setType(KeyType.AKP).setSize(set).build(),
                PublicKey.newBuilder().setPub(ByteString.copyFrom(pub)).build(), seed.clone());
    }

    private static Prepared rsa(Map<String, byte[]> m) {
        BigInteger n = required(m, "n");
        int bits = n.bitLength();
        if (bits != 2048 && bits != 3072 && bits != 4096) {
            throw KeyException.badParameter("an imported RSA key must have a 2048, 3072 or 4096-bit modulus, "
                    + "this one has " + bits + " bits");
        }
        try {
            var spec = new RSAPrivateCrtKeySpec(n, required(m, "e"), required(m, "d"), required(m, "p"),
                    required(m, "q"), required(m, "dp"), required(m, "dq"), required(m, "qi"));
            byte[] pkcs8 = KeyFactory.getInstance("RSA").generatePrivate(spec).getEncoded();
            return new Prepared(KeySpec.newBuilder().setType(KeyType.RSA).setSize(bits).build(), PublicKey.newBuilder()
                    .setN(unsigned(n, 0)).setE(unsigned(required(m, "e"), 0)).build(), pkcs8);
        } catch (GeneralSecurityException e) {
            throw KeyException.badParameter("the RSA key's members do not make a private key");
        }
    }

    private static Prepared ec(String crv, Map<String, byte[]> m) {
        Curve curve = KeyOperations.curve(crv == null ? null : crv);
        if (crv == null) {
            throw KeyException.badParameter("key.crv is required for an EC key");
        }
        String name = switch (curve) {
            case P_384 -> "secp384r1";
            case P_521 -> "secp521r1";
            case P_256K -> "secp256k1";
            default -> "secp256r1";
        };
        ECNamedCurveParameterSpec params = ECNamedCurveTable.getParameterSpec(name);
        int length = (params.getCurve().getFieldSize() + 7) / 8;
        BigInteger d = required(m, "d");
        byte[] x = coordinate(m, "x", length, crv);
        byte[] y = coordinate(m, "y", length, crv);
        if (d.signum() <= 0 || d.compareTo(params.getN()) >= 0) {
            throw KeyException.badParameter("key.d is not a private key of curve " + crv);
        }
        try {
            byte[] pkcs8 = KeyFactory.getInstance("EC", BC).generatePrivate(new ECPrivateKeySpec(d, params))
                    .getEncoded();
            return new Prepared(KeySpec.newBuilder().setType(KeyType.EC).setCurve(curve).build(), PublicKey.newBuilder()
                    .setX(ByteString.copyFrom(x)).setY(ByteString.copyFrom(y)).build(), pkcs8);
        } catch (GeneralSecurityException e) {
            throw KeyException.badParameter("the EC key's members do not make a private key");
        }
    }

    private static Prepared oct(Map<String, byte[]> m) {
        byte[] k = m.get("k");
        if (k == null) {
            throw KeyException.badParameter("key.k is required for an oct key");
        }
        if (k.length != 16 && k.length != 24 && k.length != 32) {
            throw KeyException.badParameter("an imported AES key is 128, 192 or 256 bits");
        }
        return new Prepared(KeySpec.newBuilder().setType(KeyType.OCT).setSize(k.length * 8).build(),
                PublicKey.getDefaultInstance(), k.clone());
    }

    /**
     * An EC coordinate at the curve's length: JWK writers differ (the Azure SDK for Java writes a
     * BigInteger's bytes, so a leading zero may be missing or a sign byte present).
     */
    private static byte[] coordinate(Map<String, byte[]> m, String member, int length, String crv) {
        BigInteger value = required(m, member);
        if (value.bitLength() > length * 8) {
            throw KeyException.badParameter("key." + member + " is too long for a " + crv + " key");
        }
        return unsigned(value, length).toByteArray();
    }

    /** Big-endian without a sign byte, left-padded with zeros to {@code length} when that is larger. */
    private static ByteString unsigned(BigInteger value, int length) {
        byte[] b = value.toByteArray();
        int start = b.length > 1 && b[0] == 0 ? 1 : 0;
        int size = b.length - start;
        byte[] out = new byte[Math.max(size, length)];
        System.arraycopy(b, start, out, out.length - size, size);
        return ByteString.copyFrom(out);
    }

    private static BigInteger required(Map<String, byte[]> m, String member) {
        byte[] value = m.get(member);
        if (value == null || value.length == 0) {
            throw KeyException.badParameter("key." + member + " is required to import this key");
        }
        return new BigInteger(1, value);
    }
}
