package org.hsmpool.pool.auth;

import java.util.Objects;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * An authenticated caller. The filter stores it as the request property {@link #PROPERTY} (not in the
 * request's {@code SecurityContext}, which nothing reads).
 *
 * @param id the pool's own principals (its token service's tokens, the token file) by their bare id;
 *     an external issuer's as {@code <issuer name>:<oid, else sub>} ({@link ExternalIssuer#principalId}),
 *     which no bare id can equal
 */
public record Principal(String id) implements java.security.Principal {
    /** The request property that holds the authenticated principal. */
    public static final String PROPERTY = "org.hsmpool.pool.auth.Principal";

    public Principal {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a principal id must not be blank");
        }
    }

    @Override
    public String getName() {
        return id;
    }

    /** The principal the filter authenticated for this request, or null when there is none. */
    public static Principal of(ContainerRequestContext request) {
        return request.getProperty(PROPERTY) instanceof Principal p ? p : null;
    }
}
