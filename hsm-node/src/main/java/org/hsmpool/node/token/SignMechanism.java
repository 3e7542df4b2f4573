package org.hsmpool.node.token;

/** Signature mechanisms over data the caller has already prepared (a digest or a DigestInfo). */
public sealed interface SignMechanism {
    /** CKM_RSA_PKCS: PKCS#1 v1.5 padding of the given bytes (the caller supplies the DigestInfo). */
    record RsaPkcs1() implements SignMechanism {
    }

    /** CKM_RSA_PKCS_PSS over a digest, MGF1 with the same hash, salt length = hash length. */
    record RsaPss(HashAlgorithm hash) implements SignMechanism {
    }

    /** CKM_ECDSA over a digest; the signature is r||s. */
    record Ecdsa() implements SignMechanism {
    }

    /** CKM_SHA256_HMAC over the data. */
    record HmacSha256() implements SignMechanism {
    }
}
