package org.hsmpool.node.crypto;

import org.hsmpool.node.token.Curve;
import org.hsmpool.node.token.HashAlgorithm;
import org.hsmpool.node.token.KeySpec;

/**
 * The JWA signature algorithms of Key Vault, each signing a digest of its hash's length, and pure
 * ML-DSA (IETF COSE/JOSE draft names ML-DSA-44/65/87), which signs the message itself.
 */
public enum SignatureAlgorithm {
    RS256(Family.RSA_PKCS1, HashAlgorithm.SHA256, null),
    RS384(Family.RSA_PKCS1, HashAlgorithm.SHA384, null),
    RS512(Family.RSA_PKCS1, HashAlgorithm.SHA512, null),
    PS256(Family.RSA_PSS, HashAlgorithm.SHA256, null),
    PS384(Family.RSA_PSS, HashAlgorithm.SHA384, null),
    PS512(Family.RSA_PSS, HashAlgorithm.SHA512, null),
    ES256(Family.ECDSA, HashAlgorithm.SHA256, Curve.P_256),
    ES384(Family.ECDSA, HashAlgorithm.SHA384, Curve.P_384),
    ES512(Family.ECDSA, HashAlgorithm.SHA512, Curve.P_521),
    ES256K(Family.ECDSA, HashAlgorithm.SHA256, Curve.P_256K),
    ML_DSA_44(Family.ML_DSA, null, null),
    ML_DSA_65(Family.ML_DSA, null, null),
    ML_DSA_87(Family.ML_DSA, null, null);

    public enum Family {
        RSA_PKCS1, RSA_PSS, ECDSA, ML_DSA
    }

    private final Family family;
    private final HashAlgorithm hash;
    private final Curve curve;

    SignatureAlgorithm(Family family, HashAlgorithm hash, Curve curve) {
        this.family = family;
        this.hash = hash;
        this.curve = curve;
    }

    public Family family() {
        return family;
    }

    /** The ML-DSA key an ML-DSA algorithm requires; null for the others. */
    public KeySpec.MlDsa mlDsa() {
        return switch (this) {
            case ML_DSA_44 -> new KeySpec.MlDsa(44);
            case ML_DSA_65 -> new KeySpec.MlDsa(65);
            case ML_DSA_87 -> new KeySpec.MlDsa(87);
            case RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, ES256K -> null;
        };
    }

    /** The JWA name, e.g. {@code ML-DSA-65}. */
    public String jwaName() {
        return name().replace('_', '-');
    }

    /** The digest's hash; null for ML-DSA, which signs the message itself. */
    public HashAlgorithm hash() {
        return hash;
    }

    /** The curve an ECDSA algorithm requires; null for RSA algorithms. */
    public Curve curve() {
        return curve;
    }
}
