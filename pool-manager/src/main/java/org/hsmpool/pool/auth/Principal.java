package org.hsmpool.pool.auth;

import java.util.Objects;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * An authenticated caller. The filter stores it as the request property {@link #PROPERTY} and as
 * the user principal of the request's {@code SecurityContext}.
 *
 * @param id the JWT's {@code oid}, else its {@code sub}; or the principal the token file names
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
