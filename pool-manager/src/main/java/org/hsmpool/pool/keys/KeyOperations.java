package org.hsmpool.pool.keys;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

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
    private static final Map<String, SignAlgorithm> SIGN_ALGORITHMS = byName(SignAlgorithm.values(),
            KeyOperations::jwaName);
    private static final Map<String, CipherAlgorithm> CIPHER_ALGORITHMS = byName(CipherAlgorithm.values(),
            KeyOperations::jwaName);

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
            // a node names the curve of every EC key; an unnamed one reads as the default curve
            case P_256, CURVE_UNSPECIFIED, UNRECOGNIZED -> "P-256";
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
        SignAlgorithm a = alg == null ? null : SIGN_ALGORITHMS.get(alg);
        if (a == null) {
            throw KeyException.badParameter("alg '" + alg + "' is not a signature algorithm: use RS256, RS384, "
                    + "RS512, PS256, PS384, PS512, ES256, ES384, ES512, ES256K, ML-DSA-44, ML-DSA-65 or ML-DSA-87");
        }
        return a;
    }

    /** The JWA name of a contract algorithm (null for none); no default: a new one must be named here. */
    static String jwaName(SignAlgorithm alg) {
        return switch (alg) {
            case RS256 -> "RS256";
            case RS384 -> "RS384";
            case RS512 -> "RS512";
            case PS256 -> "PS256";
            case PS384 -> "PS384";
            case PS512 -> "PS512";
            case ES256 -> "ES256";
            case ES384 -> "ES384";
            case ES512 -> "ES512";
            case ES256K -> "ES256K";
            case ML_DSA_44 -> "ML-DSA-44";
            case ML_DSA_65 -> "ML-DSA-65";
            case ML_DSA_87 -> "ML-DSA-87";
            case SIGN_ALGORITHM_UNSPECIFIED, UNRECOGNIZED -> null;
        };
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
        CipherAlgorithm a = alg == null ? null : CIPHER_ALGORITHMS.get(alg);
        if (a == null) {
            throw KeyException.badParameter("alg '" + alg + "' is not an encryption algorithm: use RSA1_5, "
                    + "RSA-OAEP, RSA-OAEP-256, A128GCM, A192GCM, A256GCM, A128CBC, A192CBC, A256CBC, A128CBCPAD, "
                    + "A192CBCPAD, A256CBCPAD, A128KW, A192KW or A256KW");
        }
        return a;
    }

    /** The JWA name of a contract algorithm (null for none); no default: a new one must be named here. */
    static String jwaName(CipherAlgorithm alg) {
        return switch (alg) {
            case RSA1_5 -> "RSA1_5";
            case RSA_OAEP -> "RSA-OAEP";
            case RSA_OAEP_256 -> "RSA-OAEP-256";
            case A128GCM -> "A128GCM";
            case A192GCM -> "A192GCM";
            case A256GCM -> "A256GCM";
            case A128CBC -> "A128CBC";
            case A192CBC -> "A192CBC";
            case A256CBC -> "A256CBC";
            case A128CBCPAD -> "A128CBCPAD";
            case A192CBCPAD -> "A192CBCPAD";
            case A256CBCPAD -> "A256CBCPAD";
            case A128KW -> "A128KW";
            case A192KW -> "A192KW";
            case A256KW -> "A256KW";
            case CIPHER_ALGORITHM_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    private static <E extends Enum<E>> Map<String, E> byName(E[] values, Function<E, String> name) {
        Map<String, E> byName = new HashMap<>();
        for (E value : values) {
            if (name.apply(value) != null) {
                byName.put(name.apply(value), value);
            }
        }
        return Map.copyOf(byName);
    }
}
