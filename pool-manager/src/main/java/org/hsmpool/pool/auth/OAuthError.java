package org.hsmpool.pool.auth;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An error of the token service in OAuth2's form (RFC 6749 5.2): {@code {"error","error_description"}}. */
final class OAuthError {
    private OAuthError() {
    }

    static Response of(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** 429 {@code temporarily_unavailable} with {@code Retry-After}. */
    static Response throttled(String description, long retryAfterSeconds) {
        return Response.fromResponse(of(429, "temporarily_unavailable", description + "; retry after the time in "
                + "Retry-After")).header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds)).build();
    }
}
