package org.hsmpool.pool.auth;

import java.util.regex.Pattern;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * The paths of the built-in token service, the same as Microsoft Entra's under
 * {@code /{tenant}}: they are served without a bearer token and without {@code api-version}.
 * {@link TokenServiceRouting} marks such a request ({@link #isTokenServiceRequest}), which the
 * bearer and api-version filters ask. Nothing else is let through unauthenticated.
 */
public final class TokenPaths {
    /**
     * Where {@link TokenServiceRouting} sends the token service's requests inside the application:
     * {@code /hsmpool/...} (the default tenant) would otherwise go to the {@code /hsmpool}
     * administration resource, which JAX-RS picks first by its longer literal path.
     */
    public static final String INTERNAL_ROOT = "/_token-service";
    private static final String PROPERTY = "org.hsmpool.pool.auth.TokenService";

    /** OAuth2 token endpoint (client credentials), under {@code /{tenant}}. */
    public static final String TOKEN = "/oauth2/v2.0/token";
    /** OpenID Connect discovery document, under {@code /{tenant}}. */
    public static final String DISCOVERY = "/v2.0/.well-known/openid-configuration";
    /** The signing keys (JWKS) the discovery document names, under {@code /{tenant}}. */
    public static final String JWKS = "/discovery/v2.0/keys";

    private static final Pattern ANY_TENANT = Pattern.compile("/[A-Za-z0-9._-]{1,128}(?:" + Pattern.quote(TOKEN)
            + "|" + Pattern.quote(DISCOVERY) + "|" + Pattern.quote(JWKS) + ")");

    private TokenPaths() {
    }

    /**
     * One of the token-service paths, as the request sent it (not decoded), for a tenant of the
     * characters a tenant may have (the resource answers a wrong tenant itself, in OAuth2 form).
     */
    public static boolean isTokenService(String rawPath) {
        return rawPath != null && ANY_TENANT.matcher(rawPath).matches();
    }

    /** Whether {@link TokenServiceRouting} found a token-service path in this request. */
    public static boolean isTokenServiceRequest(ContainerRequestContext request) {
        return Boolean.TRUE.equals(request.getProperty(PROPERTY));
    }

    static void markTokenServiceRequest(ContainerRequestContext request) {
        request.setProperty(PROPERTY, Boolean.TRUE);
    }
}
