package org.hsmpool.node.crypto;

import org.hsmpool.node.token.Curve;
import org.hsmpool.node.token.HashAlgorithm;

/** The JWA signature algorithms of Key Vault; each signs a digest of its hash's length. */
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
    ES256K(Family.ECDSA, HashAlgorithm.SHA256, Curve.P_256K);

    public enum Family {
        RSA_PKCS1, RSA_PSS, ECDSA
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

    public HashAlgorithm hash() {
        return hash;
    }

    /** The curve an ECDSA algorithm requires; null for RSA algorithms. */
    public Curve curve() {
        return curve;
    }
}
