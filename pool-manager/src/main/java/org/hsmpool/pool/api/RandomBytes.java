package org.hsmpool.pool.api;

/** The answer of {@code POST /rng} (RandomBytes): the bytes in {@code value}, base64url. */
public record RandomBytes(String value) {

    static RandomBytes of(byte[] bytes) {
        return new RandomBytes(Base64Url.encode(bytes));
    }
}
