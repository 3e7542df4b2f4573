package org.hsmpool.pool.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import jakarta.validation.constraints.NotNull;

/** The body of {@code POST /keys/restore} (KeyRestoreParameters): {@code value}, a key backup blob. */
public record KeyRestoreParameters(
        @NotNull(message = "is required") @JsonDeserialize(using = Base64Url.Reader.class) byte[] value) {
}
