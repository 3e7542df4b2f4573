package org.hsmpool.pool.api;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * Local RBAC lives at {@code {scope}/providers/Microsoft.Authorization/...} with scope {@code /},
 * {@code /keys} or {@code /keys/{name}}, and the Azure SDK joins the vault URL, a slash and the
 * scope, so that it sends {@code ///providers/...} and {@code //keys/providers/...}. Before
 * matching, this filter rewrites every such path to one form the resources declare:
 * {@code /providers/Microsoft.Authorization/{roleAssignments|roleDefinitions}[/{name}]} for the
 * pool scope, {@code /providers/Microsoft.Authorization/keys/roleAssignments[/{name}]} for the
 * {@code /keys} scope, and {@code /providers/Microsoft.Authorization/roleAssignments/keys/{key}[/{name}]}
 * for a key scope. Role definitions live at {@code /} only, so {@code /keys/.../roleDefinitions}
 * means the pool's (and needs the pool-scope actions). The query is kept.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION + 50)
public class RbacPaths implements ContainerRequestFilter {
    static final String PREFIX = "/providers/Microsoft.Authorization/";
    private static final Pattern POOL = Pattern.compile(
            "/+(keys/+)?providers/Microsoft\\.Authorization/(roleAssignments|roleDefinitions)(?:/+([^/]*))?/*");
    private static final Pattern KEY = Pattern.compile(
            "/+keys/+([0-9A-Za-z-]{1,127})/+providers/Microsoft\\.Authorization/roleAssignments(?:/+([^/]*))?/*");

    @Override
    public void filter(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        canonical(uri.getRawPath()).ifPresent(path -> {
            try {
                request.setRequestUri(new URI(uri.getScheme() + "://" + uri.getRawAuthority() + path
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
            } catch (java.net.URISyntaxException e) {
                request.abortWith(ErrorResponses.of(400, "BadParameter", "the request path is not valid"));
            }
        });
    }

    /** The path the resources declare for an RBAC path in any of its accepted forms, or empty. */
    static Optional<String> canonical(String rawPath) {
        if (rawPath == null) {
            return Optional.empty();
        }
        Matcher pool = POOL.matcher(rawPath);
        if (pool.matches()) {
            boolean atKeys = pool.group(1) != null && pool.group(2).equals("roleAssignments");
            return Optional.of(PREFIX + (atKeys ? "keys/" : "") + pool.group(2) + name(pool.group(3)));
        }
        Matcher key = KEY.matcher(rawPath);
        if (key.matches()) {
            return Optional.of(PREFIX + "roleAssignments/keys/" + key.group(1) + name(key.group(2)));
        }
        return Optional.empty();
    }

    private static String name(String group) {
        return group == null || group.isEmpty() ? "" : "/" + group;
    }
}
