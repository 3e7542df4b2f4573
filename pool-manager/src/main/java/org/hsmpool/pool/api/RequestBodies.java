package org.hsmpool.pool.api;

import java.io.IOException;
import java.util.Comparator;
import java.util.Set;


import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;

import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

/**
 * Reads a request body into its record: at most {@link #MAX_BYTES} (413 above), one JSON object
 * bound by {@link StrictJson}, then checked by Bean Validation (required members, ranges, sizes).
 * Every refusal is a BadParameter whose message names the member by its wire path and never repeats
 * what the client sent. {@link RequestBodyReader} uses it for the resources' typed bodies; a
 * resource whose body type depends on its path (the key operations) calls {@link #read} itself.
 */
@Singleton
public class RequestBodies {
    /** Larger bodies are refused with 413; the largest legitimate one, a key restore blob, stays far below. */
    static final int MAX_BYTES = 1 << 20;

    private final Validator validator;

    public RequestBodies(Validator validator) {
        this.validator = validator;
    }

    /** The body as a {@code type}, bound strictly and valid; a KeyVaultException (400 or 413) otherwise. */
    <T> T read(byte[] body, Class<T> type) {
        if (body != null && body.length > MAX_BYTES) {
            throw tooLarge();
        }
        if (body == null || body.length == 0) {
            throw KeyVaultException.badParameter("the request body must be a JSON object");
        }
        T value;
        try {
            ObjectReader reader = StrictJson.MAPPER.readerFor(type);
            JsonIgnoreProperties ignorals = type.getAnnotation(JsonIgnoreProperties.class);
            if (ignorals != null && !ignorals.ignoreUnknown()) {
                reader = reader.with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            }
            value = reader.readValue(body);
        } catch (IOException e) {
            throw StrictJson.refusal(e, type);
        }
        if (value == null) {
            throw KeyVaultException.badParameter("the request body must be a JSON object");
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            // the first by path, so that the same body always gets the same message
            ConstraintViolation<T> first = violations.stream()
                    .min(Comparator.comparing((ConstraintViolation<T> v) -> v.getPropertyPath().toString())
                            .thenComparing(ConstraintViolation::getMessage))
                    .orElseThrow();
            String path = WirePath.of(type, first.getPropertyPath());
            throw KeyVaultException.badParameter(path.isEmpty() ? first.getMessage() : path + " " + first.getMessage());
        }
        return value;
    }

    static KeyVaultException tooLarge() {
        return new KeyVaultException(413, "RequestEntityTooLarge",
                "the request body is larger than " + MAX_BYTES + " bytes");
    }
}
