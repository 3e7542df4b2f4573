package org.hsmpool.pool.auth;

import java.net.URI;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.ext.Provider;

/**
 * First of all filters: a request for one of the token service's paths ({@link TokenPaths}, Entra's
 * {@code /{tenant}/...}) is marked as such, so that it passes without bearer token and api-version,
 * and sent to {@link TokenServiceResource} under {@link TokenPaths#INTERNAL_ROOT}. Without that, the
 * default tenant's {@code /hsmpool/...} would be matched to the {@code /hsmpool} administration
 * resource and never reach the token service.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class TokenServiceRouting implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        URI uri;
        try {
            uri = request.getUriInfo().getRequestUri();
        } catch (RuntimeException malformed) {
            return;
        }
        if (TokenPaths.isTokenService(uri.getRawPath())) {
            TokenPaths.markTokenServiceRequest(request);
            request.setRequestUri(UriBuilder.fromUri(uri).replacePath(TokenPaths.INTERNAL_ROOT + uri.getRawPath())
                    .build());
        }
    }
}
