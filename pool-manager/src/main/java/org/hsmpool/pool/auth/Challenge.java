package org.hsmpool.pool.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.hsmpool.pool.config.PoolConfig;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The 401 answer of Key Vault / Managed HSM, which the Azure SDKs need to find where to get a
 * token: {@code WWW-Authenticate: Bearer authorization="https://<host>/<tenant>",
 * resource="https://managedhsm.azure.net"} and the error body with code {@code Unauthorized}.
 * The SDK takes the tenant from the first path segment of {@code authorization}, splits the header
 * on {@code ", "} and each attribute on {@code =}, so no value may contain either; the host comes
 * from the request only after it passed a strict syntax check, otherwise the configured address is
 * used, so that a forged Host header cannot inject attributes. A CDI bean created at start (after
 * the configuration exists, unlike the filter, which the REST layer builds earlier), so that a
 * tenant that cannot be carried stops the start instead of failing every request.
 */
@Startup
@ApplicationScoped
public class Challenge {
    /** The resource (token audience) of Managed HSM; the SDK asks for the scope {@code <resource>/.default}. */
    public static final String RESOURCE = "https://managedhsm.azure.net";
    static final String MISSING = "Request is missing a Bearer token.";
    static final String REJECTED = "The bearer token is not valid.";

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern AUTHORITY = Pattern
            .compile("(?:[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(?::[0-9]{1,5})?");

    private final String tenant;
    private final String configuredAuthority;

    @Inject
    public Challenge(PoolConfig config) {
        this(config.tenant(), authority(config.host() + ":" + config.port()).orElse("localhost"));
    }

    /**
     * @param tenant the first path segment of the authorization URI
     * @param configuredAuthority the {@code host[:port]} named when the request's own cannot be used
     * @throws IllegalArgumentException when the tenant or the authority could not be carried in the header
     */
    Challenge(String tenant, String configuredAuthority) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("hsmpool.pool.tenant must be 1 to 128 letters, digits, '.', '_' or '-'");
        }
        this.tenant = tenant;
        this.configuredAuthority = authority(configuredAuthority)
                .orElseThrow(() -> new IllegalArgumentException("not a host[:port]: " + configuredAuthority));
    }

    /** The {@code host[:port]} if it is safe to put into the header, else empty. */
    public static Optional<String> authority(String candidate) {
        return candidate != null && AUTHORITY.matcher(candidate).matches() ? Optional.of(candidate)
                : Optional.empty();
    }

    /**
     * The {@code WWW-Authenticate} value.
     *
     * @param requestAuthority the {@code host[:port]} the client addressed (its Host header); the
     *            configured one is used instead when it is absent or not a plain host[:port]
     * @param tokenRejected a bearer token was presented but is not valid (adds RFC 6750's
     *            {@code error="invalid_token"})
     */
    public String header(String requestAuthority, boolean tokenRejected) {
        return header(requestAuthority, tokenRejected, null);
    }

    /** As {@link #header(String, boolean)}, with RFC 6750's {@code error_description} when there is one. */
    String header(String requestAuthority, boolean tokenRejected, String description) {
        String host = authority(requestAuthority).orElse(configuredAuthority);
        String value = "Bearer authorization=\"https://" + host + "/" + tenant + "\", resource=\"" + RESOURCE + "\"";
        if (!tokenRejected) {
            return value;
        }
        value += ", error=\"invalid_token\"";
        return description == null ? value : value + ", error_description=\"" + headerSafe(description) + "\"";
    }

    /** The whole 401 answer; arguments as for {@link #header(String, boolean)}. */
    public Response response(String requestAuthority, boolean tokenRejected) {
        return response(requestAuthority, tokenRejected, null);
    }

    /**
     * The 401 answer to a refused token: the reason goes into the header's {@code error_description}
     * and the body's message.
     */
    public Response response(String requestAuthority, InvalidTokenException refused) {
        return response(requestAuthority, true, refused.getMessage());
    }

    private Response response(String requestAuthority, boolean tokenRejected, String description) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("code", "Unauthorized");
        error.put("message", description != null ? description : tokenRejected ? REJECTED : MISSING);
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, header(requestAuthority, tokenRejected, description))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", error))
                .build();
    }

    /**
     * RFC 6750 allows no double quote or backslash in a description, and the SDK's parser (split on
     * {@code ", "} and {@code =}) none of {@code ,} and {@code =}: they become other characters.
     */
    static String headerSafe(String description) {
        StringBuilder safe = new StringBuilder(description.length());
        for (char c : description.toCharArray()) {
            safe.append(c == '"' ? '\'' : c == ',' ? ';' : c == '=' ? ':' : c < 0x20 || c > 0x7e || c == '\\' ? '?' : c);
        }
        return safe.toString();
    }
}
