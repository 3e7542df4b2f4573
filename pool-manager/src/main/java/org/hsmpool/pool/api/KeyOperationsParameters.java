package org.hsmpool.pool.api;

/**
 * The body of encrypt, decrypt, wrapkey and unwrapkey (KeyOperationsParameters): {@code alg}, the
 * {@code value} to operate on, and for the symmetric algorithms {@code iv}, {@code aad} and
 * {@code tag}; binary members are base64url. Absent optional members are null.
 */
record KeyOperationsParameters(String alg, byte[] value, byte[] iv, byte[] aad, byte[] tag) {

    static KeyOperationsParameters read(JsonBody body) {
        return new KeyOperationsParameters(body.requiredOneOf("alg", Vocabulary.ENCRYPTION_ALGORITHMS),
                body.requiredBytes("value"), body.optionalBytes("iv"), body.optionalBytes("aad"),
                body.optionalBytes("tag"));
    }
}
