package org.hsmpool.pool.api;


/** The body of {@code POST /rng} (GetRandomBytesRequest): {@code count}, 1 to 128 bytes. */
record GetRandomBytesRequest(int count) {
    static final int MAX_COUNT = 128;

    static GetRandomBytesRequest read(JsonBody body) {
        int count = body.requiredInt("count");
        if (count < 1 || count > MAX_COUNT) {
            throw KeyVaultException.badParameter("count must be from 1 to " + MAX_COUNT);
        }
        return new GetRandomBytesRequest(count);
    }
}
