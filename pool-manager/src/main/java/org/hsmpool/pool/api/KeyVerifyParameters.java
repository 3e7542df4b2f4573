package org.hsmpool.pool.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import jakarta.validation.constraints.NotNull;

/**
 * The body of verify (KeyVerifyParameters): {@code alg}, the signed {@code digest}, and the
 * signature in {@code value}.
 */
public record KeyVerifyParameters(
        @NotNull(message = "is required") Vocabulary.JsonWebKeySignatureAlgorithm alg,
        @NotNull(message = "is required") @JsonDeserialize(using = Base64Url.Reader.class) byte[] digest,
        @NotNull(message = "is required") @JsonProperty("value")
        @JsonDeserialize(using = Base64Url.Reader.class) byte[] signature) {
}
