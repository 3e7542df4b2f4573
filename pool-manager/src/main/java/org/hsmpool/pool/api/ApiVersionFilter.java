package org.hsmpool.pool.api;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.hsmpool.pool.auth.TokenPaths;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * Every request names the API version it speaks in the {@code api-version} query parameter, as with
 * Key Vault; this pool speaks 7.0 to 7.6 (and their previews) and 2025-07-01, which differ only in
 * members this pool does not use. Runs after authentication, before matching. The token service's
 * paths ({@link TokenPaths}) are Entra's, not Key Vault's, and go without.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION + 100)
public class ApiVersionFilter implements ContainerRequestFilter {
    static final String PARAMETER = "api-version";
    static final String ACCEPTED = "7.0, 7.1, 7.2, 7.3, 7.4, 7.5, 7.6 (each also with -preview or -preview.N) "
            + "and 2025-07-01";
    private static final Pattern VERSION = Pattern.compile("7\\.[0-6](?:-preview(?:\\.[0-9]{1,3})?)?|2025-07-01");

    @Override
    public void filter(ContainerRequestContext request) {
        if (TokenPaths.isTokenServiceRequest(request)) {
            return; // Entra's paths, which OAuth2 clients call without api-version
        }
        List<String> values;
        try {
            values = request.getUriInfo().getQueryParameters().get(PARAMETER);
        } catch (RuntimeException malformedQuery) {
            request.abortWith(ErrorResponses.of(400, "BadParameter", "the query string is not valid"));
            return;
        }
        check(values).ifPresent(problem -> request.abortWith(ErrorResponses.of(400, "BadParameter", problem)));
    }

    /** Why the {@code api-version} values of a request are not acceptable, or empty when they are. */
    static Optional<String> check(List<String> values) {
        if (values == null || values.isEmpty()) {
            return Optional.of("the api-version query parameter is required; accepted versions: " + ACCEPTED);
        }
        if (values.size() > 1) {
            return Optional.of("give the api-version query parameter once; accepted versions: " + ACCEPTED);
        }
        String version = values.get(0);
        if (version == null || !VERSION.matcher(version).matches()) {
            return Optional.of("this api-version is not supported; accepted versions: " + ACCEPTED);
        }
        return Optional.empty();
    }
}
