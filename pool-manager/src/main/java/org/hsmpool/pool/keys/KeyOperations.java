package org.hsmpool.pool.keys;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.hsmpool.nodeapi.v1.CipherAlgorithm;
import org.hsmpool.nodeapi.v1.Curve;
import org.hsmpool.nodeapi.v1.KeyOp;
import org.hsmpool.nodeapi.v1.KeyType;
import org.hsmpool.nodeapi.v1.SignAlgorithm;

/**
 * The Key Vault vocabulary — key types, curves, key operations, algorithm names — and the node
 * contract's terms for them. Unknown names are BadParameter with the accepted values listed.
 */
final class KeyOperations {
    static final List<String> ALL_RSA = List.of("sign", "verify", "encrypt", "decrypt", "wrapKey", "unwrapKey");
    static final List<String> ALL_EC = List.of("sign", "verify");
    static final List<String> ALL_OCT = List.of("encrypt", "decrypt", "wrapKey", "unwrapKey");
    /**
     * An ML-DSA key pair (Algorithm Key Pair). Every pool key type says -HSM, as Managed HSM's do, and
     * {@code AKP} is accepted for it as {@code RSA} is for RSA-HSM; where the key is held (a token, or
     * the node process, sealed) the key's {@code hsmPlatform} attribute says.
     */
    static final String AKP = "AKP-HSM";
    /** The largest message an ML-DSA key signs (the message itself, not a digest). */
    static final int MAX_ML_DSA_MESSAGE = 4096;

    private static final Map<String, KeyOp> OPS = Map.of("sign", KeyOp.SIGN, "verify", KeyOp.VERIFY, "encrypt",
            KeyOp.ENCRYPT, "decrypt", KeyOp.DECRYPT, "wrapKey", KeyOp.WRAP_KEY, "unwrapKey", KeyOp.UNWRAP_KEY);
    private static final Map<String, Curve> CURVES = Map.of("P-256", Curve.P_256, "P-384", Curve.P_384, "P-521",
            Curve.P_521, "P-256K", Curve.P_256K, "SECP256K1", Curve.P_256K);

    private KeyOperations() {
    }

    /** RSA-HSM, EC-HSM or oct-HSM, from what a client may send. */
    static String keyType(String kty) {
        if (kty == null) {
            throw KeyException.badParameter("kty is required: RSA-HSM, EC-HSM, oct-HSM or AKP-HSM");
        }
        return switch (kty) {
            case "RSA", "RSA-HSM" -> "RSA-HSM";
            case "EC", "EC-HSM" -> "EC-HSM";
            case "oct-HSM", "oct" -> "oct-HSM";
            case "AKP-HSM", "AKP" -> AKP;
            default -> throw KeyException.badParameter("kty '" + kty
                    + "' is not offered by a managed HSM: use RSA-HSM, EC-HSM, oct-HSM or AKP-HSM");
        };
    }

    static KeyType nodeType(String keyType) {
        return switch (keyType) {
            case "RSA-HSM" -> KeyType.RSA;
            case "EC-HSM" -> KeyType.EC;
            case AKP -> KeyType.AKP;
            default -> KeyType.OCT;
        };
    }

    static Curve curve(String crv) {
        Curve c = crv == null ? Curve.P_256 : CURVES.get(crv.toUpperCase(Locale.ROOT));
        if (c == null) {
            throw KeyException.badParameter("crv '" + crv + "' is not offered: use P-256, P-384, P-521 or P-256K");
        }
        return c;
    }

    static String curveName(Curve curve) {
        return switch (curve) {
            case P_384 -> "P-384";
            case P_521 -> "P-521";
            case P_256K -> "P-256K";
            default -> "P-256";
        };
    }

    static List<String> allowed(String keyType) {
        return switch (keyType) {
            case "RSA-HSM" -> ALL_RSA;
            case "EC-HSM", AKP -> ALL_EC;
            default -> ALL_OCT;
        };
    }

    /**
     * The operations a key of {@code keyType} gets: {@code requested}, or all its type allows when
     * none are given; BadParameter naming the first one its type cannot do.
     */
    static List<String> checked(String keyType, List<String> requested) {
        List<String> allowed = allowed(keyType);
        if (requested == null || requested.isEmpty()) {
            return allowed;
        }
        for (String op : requested) {
            if (!allowed.contains(op)) {
                throw KeyException.badParameter("key operation '" + op + "' is not possible with " + keyType
                        + " keys; allowed: " + allowed);
            }
        }
        return requested;
    }

    static KeyOp op(String name) {
        KeyOp op = OPS.get(name);
        if (op == null) {
            throw KeyException.badParameter("key operation '" + name + "' is unknown: use " + OPS.keySet());
        }
        return op;
    }

    static SignAlgorithm signAlgorithm(String alg) {
        try {
            SignAlgorithm a = alg == null ? null : SignAlgorithm.valueOf(alg.replace('-', '_'));
            if (a != null && a != SignAlgorithm.SIGN_ALGORITHM_UNSPECIFIED && a != SignAlgorithm.UNRECOGNIZED) {
                return a;
            }
        } catch (IllegalArgumentException unknown) {
            // reported below
        }
        throw KeyException.badParameter("alg '" + alg + "' is not a signature algorithm: use RS256, RS384, "
                + "RS512, PS256, PS384, PS512, ES256, ES384, ES512, ES256K, ML-DSA-44, ML-DSA-65 or ML-DSA-87");
    }

    static boolean isMlDsa(SignAlgorithm alg) {
        return alg == SignAlgorithm.ML_DSA_44 || alg == SignAlgorithm.ML_DSA_65 || alg == SignAlgorithm.ML_DSA_87;
    }

    /** The ML-DSA parameter set (44, 65, 87) an {@code alg} names; BadParameter for anything else. */
    static int mlDsaParameterSet(String alg) {
        return switch (alg == null ? "" : alg) {
            case "ML-DSA-44" -> 44;
            case "ML-DSA-65" -> 65;
            case "ML-DSA-87" -> 87;
            default -> throw KeyException.badParameter("alg '" + alg + "' is not an ML-DSA parameter set: use "
                    + "ML-DSA-44, ML-DSA-65 or ML-DSA-87");
        };
    }

    static CipherAlgorithm cipherAlgorithm(String alg) {
        try {
            CipherAlgorithm a = alg == null ? null : CipherAlgorithm.valueOf(alg.replace('-', '_'));
            if (a != null && a != CipherAlgorithm.CIPHER_ALGORITHM_UNSPECIFIED && a != CipherAlgorithm.UNRECOGNIZED) {
                return a;
            }
        } catch (IllegalArgumentException unknown) {
            // reported below
        }
        throw KeyException.badParameter("alg '" + alg + "' is not an encryption algorithm: use RSA1_5, "
                + "RSA-OAEP, RSA-OAEP-256, A128GCM, A192GCM, A256GCM, A128CBC, A192CBC, A256CBC, A128CBCPAD, "
                + "A192CBCPAD, A256CBCPAD, A128KW, A192KW or A256KW");
    }
}
