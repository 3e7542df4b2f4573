package org.hsmpool.pool.api;

/**
 * The body of verify (KeyVerifyParameters): {@code alg}, the signed {@code digest}, and the
 * signature in {@code value}.
 */
record KeyVerifyParameters(String alg, byte[] digest, byte[] signature) {

    static KeyVerifyParameters read(JsonBody body) {
        return new KeyVerifyParameters(body.requiredOneOf("alg", Vocabulary.SIGNATURE_ALGORITHMS),
                body.requiredBytes("digest"), body.requiredBytes("value"));
    }
}
