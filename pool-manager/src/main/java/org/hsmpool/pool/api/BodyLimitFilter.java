package org.hsmpool.pool.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses, with 413 and before reading it, a body whose declared {@code Content-Length} is above
 * {@link RequestBodies#MAX_BYTES}. A chunked body without a length is measured by {@link RequestBodyReader} once
 * read (and bounded by the HTTP server's own limit before that).
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION + 50)
public class BodyLimitFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (tooLong(request.getHeaderString(HttpHeaders.CONTENT_LENGTH))) {
            request.abortWith(ErrorResponses.keyVault(RequestBodies.tooLarge()));
        }
    }

    /** Whether a {@code Content-Length} declares more than the limit; unreadable values are the server's to refuse. */
    static boolean tooLong(String contentLength) {
        if (contentLength == null || contentLength.isBlank()) {
            return false;
        }
        try {
            return Long.parseLong(contentLength.strip()) > RequestBodies.MAX_BYTES;
        } catch (NumberFormatException e) {
            return contentLength.strip().chars().allMatch(Character::isDigit);
        }
    }
}
