package org.hsmpool.pool.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import jakarta.validation.constraints.NotNull;

/**
 * The body of encrypt, decrypt, wrapkey and unwrapkey (KeyOperationsParameters): {@code alg}, the
 * {@code value} to operate on, and for the symmetric algorithms {@code iv}, {@code aad} and
 * {@code tag}; binary members are base64url. Absent optional members are null.
 */
public record KeyOperationsParameters(
        @NotNull(message = "is required") Vocabulary.JsonWebKeyEncryptionAlgorithm alg,
        @NotNull(message = "is required") @JsonDeserialize(using = Base64Url.Reader.class) byte[] value,
        @JsonDeserialize(using = Base64Url.Reader.class) byte[] iv,
        @JsonDeserialize(using = Base64Url.Reader.class) byte[] aad,
        @JsonDeserialize(using = Base64Url.Reader.class) byte[] tag) {
}
