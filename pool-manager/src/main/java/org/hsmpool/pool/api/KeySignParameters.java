package org.hsmpool.pool.api;

/** The body of sign (KeySignParameters): {@code alg} and the digest to sign in {@code value}. */
record KeySignParameters(String alg, byte[] digest) {

    static KeySignParameters read(JsonBody body) {
        return new KeySignParameters(body.requiredOneOf("alg", Vocabulary.SIGNATURE_ALGORITHMS),
                body.requiredBytes("value"));
    }
}
