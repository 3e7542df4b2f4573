package org.hsmpool.pool.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The body of {@code POST /rng} (GetRandomBytesRequest): {@code count}, 1 to 128 bytes. */
public record GetRandomBytesRequest(
        @NotNull(message = "is required")
        @Min(value = 1, message = GetRandomBytesRequest.RANGE)
        @Max(value = GetRandomBytesRequest.MAX_COUNT, message = GetRandomBytesRequest.RANGE) Integer count) {
    static final int MAX_COUNT = 128;
    static final String RANGE = "must be from 1 to " + MAX_COUNT;
}
