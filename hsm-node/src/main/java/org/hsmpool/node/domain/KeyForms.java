package org.hsmpool.node.domain;

import java.math.BigInteger;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.hsmpool.node.crypto.CipherAlgorithm;
import org.hsmpool.node.crypto.KeyOperation;
import org.hsmpool.node.crypto.MlDsa;
import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.crypto.SignatureAlgorithm;
import org.hsmpool.node.token.Curve;
import org.hsmpool.node.token.KeySpec;
import org.hsmpool.node.token.PublicKeyMaterial;
import org.hsmpool.nodeapi.v1.KeyOp;
import org.hsmpool.nodeapi.v1.KeyType;
import org.hsmpool.nodeapi.v1.PublicKey;

import com.google.protobuf.ByteString;

/**
 * Conversions between the contract's key descriptions (node-api messages, also the format of a
 * sealed key) and the node's own values. Invalid contract values become BAD_REQUEST.
 */
public final class KeyForms {
    private KeyForms() {
    }

    public static KeySpec spec(org.hsmpool.nodeapi.v1.KeySpec spec) {
        try {
            return switch (spec.getType()) {
                case RSA -> new KeySpec.Rsa(spec.getSize());
                case EC -> new KeySpec.Ec(curve(spec.getCurve()));
                case OCT -> new KeySpec.Aes(spec.getSize());
                case AKP -> new KeySpec.MlDsa(spec.getSize());
                case KEY_TYPE_UNSPECIFIED, UNRECOGNIZED -> throw NodeException.badRequest("key type is missing or unknown");
            };
        } catch (IllegalArgumentException e) {
            throw NodeException.badRequest(e.getMessage());
        }
    }

    public static org.hsmpool.nodeapi.v1.KeySpec spec(KeySpec spec) {
        org.hsmpool.nodeapi.v1.KeySpec.Builder b = org.hsmpool.nodeapi.v1.KeySpec.newBuilder();
        if (spec instanceof KeySpec.Rsa rsa) {
            b.setType(KeyType.RSA).setSize(rsa.bits());
        } else if (spec instanceof KeySpec.Ec ec) {
            b.setType(KeyType.EC).setCurve(curve(ec.curve()));
        } else if (spec instanceof KeySpec.Aes aes) {
            b.setType(KeyType.OCT).setSize(aes.bits());
        } else if (spec instanceof KeySpec.MlDsa mlDsa) {
            b.setType(KeyType.AKP).setSize(mlDsa.parameterSet());
        } else {
            throw new IllegalArgumentException("not an application key spec: " + spec);
        }
        return b.build();
    }

    static Curve curve(org.hsmpool.nodeapi.v1.Curve curve) {
        return switch (curve) {
            case P_256 -> Curve.P_256;
            case P_384 -> Curve.P_384;
            case P_521 -> Curve.P_521;
            case P_256K -> Curve.P_256K;
            case CURVE_UNSPECIFIED, UNRECOGNIZED -> throw NodeException.badRequest("EC curve is missing or unknown");
        };
    }

    static org.hsmpool.nodeapi.v1.Curve curve(Curve curve) {
        return switch (curve) {
            case P_256 -> org.hsmpool.nodeapi.v1.Curve.P_256;
            case P_384 -> org.hsmpool.nodeapi.v1.Curve.P_384;
            case P_521 -> org.hsmpool.nodeapi.v1.Curve.P_521;
            case P_256K -> org.hsmpool.nodeapi.v1.Curve.P_256K;
        };
    }

    public static Set<KeyOperation> ops(List<KeyOp> ops) {
        EnumSet<KeyOperation> out = EnumSet.noneOf(KeyOperation.class);
        for (KeyOp op : ops) {
            out.add(switch (op) {
                case SIGN -> KeyOperation.SIGN;
                case VERIFY -> KeyOperation.VERIFY;
                case ENCRYPT -> KeyOperation.ENCRYPT;
                case DECRYPT -> KeyOperation.DECRYPT;
                case WRAP_KEY -> KeyOperation.WRAP_KEY;
                case UNWRAP_KEY -> KeyOperation.UNWRAP_KEY;
                case KEY_OP_UNSPECIFIED, UNRECOGNIZED -> throw NodeException.badRequest("unknown key operation " + op);
            });
        }
        return out;
    }

    public static List<KeyOp> ops(Set<KeyOperation> ops) {
        return ops.stream().map(KeyForms::op).toList();
    }

    static KeyOp op(KeyOperation op) {
        return switch (op) {
            case SIGN -> KeyOp.SIGN;
            case VERIFY -> KeyOp.VERIFY;
            case ENCRYPT -> KeyOp.ENCRYPT;
            case DECRYPT -> KeyOp.DECRYPT;
            case WRAP_KEY -> KeyOp.WRAP_KEY;
            case UNWRAP_KEY -> KeyOp.UNWRAP_KEY;
        };
    }

    public static PublicKey publicKey(PublicKeyMaterial material) {
        PublicKey.Builder b = PublicKey.newBuilder();
        if (material instanceof PublicKeyMaterial.Rsa rsa) {
            b.setN(unsigned(rsa.modulus())).setE(unsigned(rsa.publicExponent()));
        } else if (material instanceof PublicKeyMaterial.Ec ec) {
            b.setX(ByteString.copyFrom(ec.x())).setY(ByteString.copyFrom(ec.y()));
        } else if (material instanceof PublicKeyMaterial.MlDsa mlDsa) {
            b.setPub(ByteString.copyFrom(mlDsa.encoded()));
        }
        return b.build();
    }

    public static PublicKeyMaterial publicKey(KeySpec spec, PublicKey key) {
        if (spec instanceof KeySpec.Rsa) {
            if (key.getN().isEmpty() || key.getE().isEmpty()) {
                throw NodeException.badRequest("an RSA public key needs n and e");
            }
            return new PublicKeyMaterial.Rsa(new BigInteger(1, key.getN().toByteArray()),
                    new BigInteger(1, key.getE().toByteArray()));
        }
        if (spec instanceof KeySpec.Ec ec) {
            int n = ec.curve().fieldBytes();
            if (key.getX().size() != n || key.getY().size() != n) {
                throw NodeException.badRequest("EC " + ec.curve() + " coordinates are " + n + " bytes each");
            }
            return new PublicKeyMaterial.Ec(ec.curve(), key.getX().toByteArray(), key.getY().toByteArray());
        }
        if (spec instanceof KeySpec.MlDsa mlDsa) {
            int n = MlDsa.publicKeyBytes(mlDsa);
            if (key.getPub().size() != n) {
                throw NodeException.badRequest(mlDsa + " public keys are " + n + " bytes, got " + key.getPub().size());
            }
            return new PublicKeyMaterial.MlDsa(key.getPub().toByteArray());
        }
        return new PublicKeyMaterial.None();
    }

    /** Where a key version's private half is used. */
    public static org.hsmpool.nodeapi.v1.KeyHolder holder(KeySpec spec) {
        return spec.inToken() ? org.hsmpool.nodeapi.v1.KeyHolder.TOKEN : org.hsmpool.nodeapi.v1.KeyHolder.NODE_PROCESS;
    }

    /** No default: a constant added to the contract does not compile until it is mapped here. */
    public static SignatureAlgorithm signature(org.hsmpool.nodeapi.v1.SignAlgorithm alg) {
        return switch (alg) {
            case RS256 -> SignatureAlgorithm.RS256;
            case RS384 -> SignatureAlgorithm.RS384;
            case RS512 -> SignatureAlgorithm.RS512;
            case PS256 -> SignatureAlgorithm.PS256;
            case PS384 -> SignatureAlgorithm.PS384;
            case PS512 -> SignatureAlgorithm.PS512;
            case ES256 -> SignatureAlgorithm.ES256;
            case ES384 -> SignatureAlgorithm.ES384;
            case ES512 -> SignatureAlgorithm.ES512;
            case ES256K -> SignatureAlgorithm.ES256K;
            case ML_DSA_44 -> SignatureAlgorithm.ML_DSA_44;
            case ML_DSA_65 -> SignatureAlgorithm.ML_DSA_65;
            case ML_DSA_87 -> SignatureAlgorithm.ML_DSA_87;
            case SIGN_ALGORITHM_UNSPECIFIED, UNRECOGNIZED ->
                throw NodeException.badRequest("signature algorithm is missing or unknown");
        };
    }

    /** No default: a constant added to the contract does not compile until it is mapped here. */
    public static CipherAlgorithm cipher(org.hsmpool.nodeapi.v1.CipherAlgorithm alg) {
        return switch (alg) {
            case RSA1_5 -> CipherAlgorithm.RSA1_5;
            case RSA_OAEP -> CipherAlgorithm.RSA_OAEP;
            case RSA_OAEP_256 -> CipherAlgorithm.RSA_OAEP_256;
            case A128GCM -> CipherAlgorithm.A128GCM;
            case A192GCM -> CipherAlgorithm.A192GCM;
            case A256GCM -> CipherAlgorithm.A256GCM;
            case A128CBC -> CipherAlgorithm.A128CBC;
            case A192CBC -> CipherAlgorithm.A192CBC;
            case A256CBC -> CipherAlgorithm.A256CBC;
            case A128CBCPAD -> CipherAlgorithm.A128CBCPAD;
            case A192CBCPAD -> CipherAlgorithm.A192CBCPAD;
            case A256CBCPAD -> CipherAlgorithm.A256CBCPAD;
            case A128KW -> CipherAlgorithm.A128KW;
            case A192KW -> CipherAlgorithm.A192KW;
            case A256KW -> CipherAlgorithm.A256KW;
            case CIPHER_ALGORITHM_UNSPECIFIED, UNRECOGNIZED ->
                throw NodeException.badRequest("encryption algorithm is missing or unknown");
        };
    }

    private static ByteString unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            return ByteString.copyFrom(b, 1, b.length - 1);
        }
        return ByteString.copyFrom(b);
    }
}
