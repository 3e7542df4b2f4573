package org.hsmpool.pool.auth;

import java.util.Optional;

import org.jboss.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Authenticates every request before it is matched to a resource, and so before its body is read
 * (the Azure SDK sends its first request without a body and expects the 401 challenge to it). A
 * bearer token is accepted when the {@link TokenFile} lists it, or when it is a JWT the
 * {@link TokenValidator} accepts. On success the {@link Principal} goes into the request;
 * otherwise the request ends with {@link Challenge}'s 401, with the reason when a token was
 * refused. Only the token service's own paths ({@link TokenPaths}) pass without a token. Neither
 * the header nor the token is ever logged.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {
    private static final Logger LOG = Logger.getLogger(BearerTokenFilter.class);
    private static final String SCHEME = "Bearer";

    private final TokenFile tokens;
    private final Challenge challenge;
    private final TokenValidator validator;

    /** All are application-scoped: the REST layer builds this filter before the configuration is there. */
    public BearerTokenFilter(TokenFile tokens, Challenge challenge, TokenValidator validator) {
        this.tokens = tokens;
        this.challenge = challenge;
        this.validator = validator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (TokenPaths.isTokenServiceRequest(request)) {
            return;
        }
        String token = bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        String authority = authority(request);
        Optional<Principal> principal = token == null ? Optional.empty() : tokens.authenticate(token);
        if (principal.isEmpty() && token != null && !token.isEmpty()) {
            try {
                principal = Optional.of(validator.validate(token, authority));
            } catch (InvalidTokenException refused) {
                LOG.debugf("request refused with 401: %s", refused.getMessage());
                request.abortWith(challenge.response(authority, refused));
                return;
            }
        }
        if (principal.isEmpty()) {
            LOG.debugf("request refused with 401: %s", token == null ? "no bearer token" : "bearer token not accepted");
            request.abortWith(challenge.response(authority, token != null));
            return;
        }
        Principal caller = principal.get();
        // only as a request property: replacing the request's SecurityContext makes RESTEasy Reactive
        // look CurrentIdentityAssociation up in ArC and build an identity on every request (4.7% of the
        // manager's CPU in a profile, docs/performance.md), and nothing here reads it
        request.setProperty(Principal.PROPERTY, caller);
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header: null when the header is absent
     * or uses another scheme (no token presented), empty when it says Bearer but carries no single
     * token (presented and invalid).
     */
    static String bearerToken(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (value.length() < SCHEME.length() || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        if (value.length() == SCHEME.length()) {
            return "";
        }
        if (value.charAt(SCHEME.length()) != ' ') {
            return null;
        }
        String token = value.substring(SCHEME.length()).strip();
        return token.chars().anyMatch(Character::isWhitespace) || token.indexOf(',') >= 0 ? "" : token;
    }

    /** The host[:port] the client addressed (Host header, else the request URI), or null; Challenge checks it. */
    private static String authority(ContainerRequestContext request) {
        String host = request.getHeaderString(HttpHeaders.HOST);
        if (host != null) {
            return host;
        }
        try {
            return request.getUriInfo().getRequestUri().getRawAuthority();
        } catch (RuntimeException malformed) {
            return null;
        }
    }
}
