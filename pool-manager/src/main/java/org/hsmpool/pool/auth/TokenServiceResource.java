package org.hsmpool.pool.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hsmpool.pool.keys.KeyException;
import org.hsmpool.pool.store.ServicePrincipal;
import org.jboss.logging.Logger;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The built-in token service, at Microsoft Entra's paths under {@code /{tenant}}
 * ({@link TokenPaths}): the OAuth2 token endpoint for the client-credentials grant of service
 * principals, the OpenID Connect discovery document, and the JWKS of the token signing key.
 * Answers and errors are OAuth2's ({@code {"error","error_description"}}), not Key Vault's. Served
 * without a bearer token or api-version; the {@link TokenRequestLimiter} decides who may make it
 * check a secret. Neither secrets nor tokens are logged.
 */
// three segments after the tenant, each matched on its own: Entra's three paths have that shape;
// TokenServiceRouting puts the internal root in front
@Path(TokenPaths.INTERNAL_ROOT + "/{tenant}/{first: oauth2|v2\\.0|discovery}/{second: v2\\.0|\\.well-known}"
        + "/{third: token|openid-configuration|keys}")
@Produces(MediaType.APPLICATION_JSON)
public class TokenServiceResource {
    private static final Logger LOG = Logger.getLogger(TokenServiceResource.class);
    private static final String DEFAULT_SCOPE_SUFFIX = "/.default";
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "offline_access", "email");

    private final PoolIssuer pool;
    private final ServicePrincipals principals;
    private final TokenIssuer issuer;
    private final TokenSigningKey signingKey;
    private final TokenRequestLimiter limiter;

    public TokenServiceResource(PoolIssuer pool, ServicePrincipals principals, TokenIssuer issuer,
            TokenSigningKey signingKey, TokenRequestLimiter limiter) {
        this.pool = pool;
        this.principals = principals;
        this.issuer = issuer;
        this.signingKey = signingKey;
        this.limiter = limiter;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response token(@PathParam("tenant") String tenant, @PathParam("first") String first,
            @PathParam("second") String second, @PathParam("third") String third,
            @HeaderParam(HttpHeaders.HOST) String hostHeader, @Context UriInfo uri,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context HttpServerRequest connection,
            MultivaluedMap<String, String> form) {
        String host = authority(hostHeader, uri);
        Optional<Response> refused = wrongPlace(tenant, first + "/" + second + "/" + third, TokenPaths.TOKEN);
        if (refused.isPresent()) {
            return refused.get();
        }
        for (Map.Entry<String, List<String>> parameter : form.entrySet()) {
            if (parameter.getValue().size() > 1) {
                return OAuthError.of(400, "invalid_request", "the parameter " + parameter.getKey()
                        + " is given more than once");
            }
        }
        if (!"client_credentials".equals(form.getFirst("grant_type"))) {
            return OAuthError.of(400, "unsupported_grant_type", "this token service grants client_credentials only");
        }
        String[] client = clientCredentials(form, authorization);
        if (client == null) {
            return OAuthError.of(401, "invalid_client", "give client_id and client_secret (in the form or as HTTP "
                    + "Basic authentication)");
        }
        Optional<ServicePrincipal> principal;
        String clientKey = ServicePrincipals.isGuid(client[0]) ? client[0].toLowerCase(java.util.Locale.ROOT) : "";
        String source = connection.remoteAddress() == null ? "" : connection.remoteAddress().hostAddress();
        Optional<TokenRequestLimiter.Refusal> limited = limiter.refusal(clientKey, source);
        if (limited.isPresent()) {
            return OAuthError.throttled(limited.get().reason(), limited.get().retryAfterSeconds());
        }
        Optional<TokenRequestLimiter.Permit> permit = limiter.tryHash();
        if (permit.isEmpty()) {
            return OAuthError.throttled("the pool is checking as many client secrets as it does at once", 1);
        }
        try (TokenRequestLimiter.Permit hashing = permit.get()) {
            principal = principals.authenticate(client[0], client[1]);
        }
        if (principal.isEmpty()) {
            limiter.failed(clientKey, source);
            return OAuthError.of(401, "invalid_client", "client authentication failed: unknown client_id or wrong "
                    + "client_secret");
        }
        String audience = audience(form.getFirst("scope"), host);
        if (audience == null) {
            return OAuthError.of(400, "invalid_scope", "ask for one scope <resource>/.default where the resource is "
                    + "one of " + pool.audiences(host));
        }
        try {
            TokenIssuer.Issued issued = issuer.issue(principal.get(), audience, pool.authority(host));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("token_type", "Bearer");
            body.put("expires_in", issued.expiresIn());
            body.put("ext_expires_in", issued.expiresIn());
            body.put("access_token", issued.accessToken());
            return Response.ok(body).header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache")
                    .build();
        } catch (TokenSigningKey.NotActivated e) {
            return OAuthError.of(400, "invalid_request", e.getMessage());
        } catch (KeyException e) {
            LOG.warnf("a token could not be signed: %s", e.code());
            return e.code() == KeyException.Code.UNAVAILABLE
                    ? Response.fromResponse(OAuthError.of(503, "temporarily_unavailable", "no node of the pool can sign "
                            + "a token right now; try again")).header(HttpHeaders.RETRY_AFTER, "1").build()
                    : OAuthError.of(500, "server_error", "the token could not be signed");
        }
    }

    @GET
    public Response get(@PathParam("tenant") String tenant, @PathParam("first") String first,
            @PathParam("second") String second, @PathParam("third") String third,
            @HeaderParam(HttpHeaders.HOST) String hostHeader, @Context UriInfo uri) {
        String host = authority(hostHeader, uri);
        String endpoint = first + "/" + second + "/" + third;
        if (("/" + endpoint).equals(TokenPaths.JWKS)) {
            return wrongPlace(tenant, endpoint, TokenPaths.JWKS).orElseGet(this::jwks);
        }
        return wrongPlace(tenant, endpoint, TokenPaths.DISCOVERY).orElseGet(() -> Response.ok(discovery(host))
                .build());
    }

    private Optional<Response> wrongPlace(String tenant, String endpoint, String expected) {
        if (!expected.equals("/" + endpoint)) {
            return Optional.of(OAuthError.of(404, "invalid_request", "the token service serves no such path "
                    + "(or not with this method)"));
        }
        if (!pool.tenant().equals(tenant)) {
            return Optional.of(OAuthError.of(400, "invalid_tenant", "this pool's tenant is " + pool.tenant()));
        }
        return Optional.empty();
    }

    private Response jwks() {
        List<JWK> keys = List.copyOf(signingKey.publicKeys(null));
        return Response.ok(new JWKSet(keys).toJSONObject(true)).build();
    }

    private Map<String, Object> discovery(String host) {
        String base = pool.base(host);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", pool.issuer(host));
        doc.put("token_endpoint", base + TokenPaths.TOKEN);
        doc.put("jwks_uri", base + TokenPaths.JWKS);
        // required by OpenID Connect Discovery; this pool has no interactive sign-in, so it is not served
        doc.put("authorization_endpoint", base + "/oauth2/v2.0/authorize");
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"));
        doc.put("grant_types_supported", List.of("client_credentials"));
        doc.put("response_types_supported", List.of("token"));
        doc.put("subject_types_supported", List.of("pairwise"));
        doc.put("id_token_signing_alg_values_supported", List.of(TokenSigningKey.ALGORITHM.getName()));
        doc.put("scopes_supported", pool.audiences(host).stream().map(a -> a + DEFAULT_SCOPE_SUFFIX).toList());
        doc.put("claims_supported", List.of("iss", "aud", "sub", "oid", "tid", "appid", "azp", "iat", "nbf", "exp",
                "ver", "jti"));
        doc.put("tenant_region_scope", null);
        doc.put("cloud_instance_name", pool.authority(host));
        return doc;
    }

    /** The Host header, else (HTTP/2 has :authority instead) the authority of the request URI. */
    private static String authority(String hostHeader, UriInfo uri) {
        if (hostHeader != null) {
            return hostHeader;
        }
        try {
            return uri.getRequestUri().getRawAuthority();
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    /**
     * The resource of the one {@code <resource>/.default} scope if the pool accepts it, else null.
     * OpenID Connect's own scopes, which MSAL adds to every request, are ignored as Entra does.
     */
    private String audience(String scope, String host) {
        if (scope == null) {
            return null;
        }
        List<String> resources = Arrays.stream(scope.strip().split(" +")).filter(s -> !OIDC_SCOPES.contains(s))
                .toList();
        if (resources.size() != 1 || !resources.get(0).endsWith(DEFAULT_SCOPE_SUFFIX)) {
            return null;
        }
        String resource = resources.get(0);
        resource = resource.substring(0, resource.length() - DEFAULT_SCOPE_SUFFIX.length());
        if (resource.endsWith("/")) {
            resource = resource.substring(0, resource.length() - 1);
        }
        return pool.audiences(host).contains(resource) ? resource : null;
    }

    /** client_id and client_secret from the form (client_secret_post) or HTTP Basic, or null. */
    private static String[] clientCredentials(MultivaluedMap<String, String> form, String authorization) {
        String id = form.getFirst("client_id");
        String secret = form.getFirst("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon > 0) {
                    id = java.net.URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8);
                    secret = java.net.URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException malformed) {
                return null;
            }
        }
        return id == null || id.isBlank() || secret == null || secret.isEmpty() ? null : new String[] {id, secret};
    }
}
