package org.hsmpool.pool.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** What the client sees of every failure, as Key Vault writes it: {@code {"error":{"code","message"}}}. */
public record ErrorBody(Error error) {

    @JsonPropertyOrder({ "code", "message" })
    public record Error(String code, String message) {
    }

    static ErrorBody of(String code, String message) {
        return new ErrorBody(new Error(code, message));
    }
}
