package org.hsmpool.pool.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import jakarta.validation.constraints.NotNull;

/** The body of sign (KeySignParameters): {@code alg} and the digest to sign in {@code value}. */
public record KeySignParameters(
        @NotNull(message = "is required") Vocabulary.JsonWebKeySignatureAlgorithm alg,
        @NotNull(message = "is required") @JsonProperty("value")
        @JsonDeserialize(using = Base64Url.Reader.class) byte[] digest) {
}
