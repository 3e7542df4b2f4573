package org.hsmpool.pool.api;

import java.time.Instant;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The writable KeyAttributes of a request: {@code enabled}, {@code nbf} and {@code exp} (whole Unix
 * seconds up to 9999-12-31T23:59:59Z). Read-only attributes ({@code created}, {@code recoveryLevel},
 * {@code exportable}, ...) are ignored, as Key Vault ignores them.
 */
public record WritableKeyAttributes(
        Boolean enabled,
        @Expected(StrictJson.UNIX_TIME_IS) @PositiveOrZero(message = StrictJson.UNIX_TIME)
        @Max(value = StrictJson.MAX_UNIX_SECONDS, message = StrictJson.UNIX_TIME) Long nbf,
        @Expected(StrictJson.UNIX_TIME_IS) @PositiveOrZero(message = StrictJson.UNIX_TIME)
        @Max(value = StrictJson.MAX_UNIX_SECONDS, message = StrictJson.UNIX_TIME) Long exp) {

    static Boolean enabled(WritableKeyAttributes attributes) {
        return attributes == null ? null : attributes.enabled();
    }

    static Instant notBefore(WritableKeyAttributes attributes) {
        return attributes == null || attributes.nbf() == null ? null : Instant.ofEpochSecond(attributes.nbf());
    }

    static Instant expires(WritableKeyAttributes attributes) {
        return attributes == null || attributes.exp() == null ? null : Instant.ofEpochSecond(attributes.exp());
    }
}
