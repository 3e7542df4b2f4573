package org.hsmpool.pool.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hsmpool.pool.auth.Principal;
import org.hsmpool.pool.rbac.Decision;

import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * One audit record per request that reaches the API, whatever its answer (401 from the bearer
 * filter and 403 included): time, principal, operation (method and path with the key name and
 * version as placeholders), key and version, result, status, duration, the role assignment that
 * granted ({@code grantedBy}) or the denial's reason (from RBAC's {@link Decision}), correlation id (the client's
 * {@code x-ms-client-request-id}, else a new one, returned as {@code x-ms-request-id}), client
 * address. Never bodies, headers other than the correlation id, or tokens. The correlation id is also
 * in the logging MDC while the request runs, so it reaches the manager's and the nodes' log lines.
 */
@Provider
@PreMatching
@Priority(1)
public class AuditFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String STARTED = "org.hsmpool.pool.audit.started";
    private static final String CORRELATION = "org.hsmpool.pool.audit.correlation";
    private static final String PATH = "org.hsmpool.pool.audit.path";
    private static final Pattern KEY_PATH = Pattern.compile(
            "^/(keys|deletedkeys)/([0-9a-zA-Z-]{1,127})(?:/([0-9a-fA-F]{32}))?(/.*)?$");
    private static final Pattern CLIENT_ID = org.hsmpool.nodeapi.CorrelationId.VALID;

    @Inject
    AuditLog log;

    @Context
    HttpServerRequest http;

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
        request.setProperty(PATH, request.getUriInfo().getPath()); // before any filter rewrites it
        String given = request.getHeaderString("x-ms-client-request-id");
        String correlation = given != null && CLIENT_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        request.setProperty(CORRELATION, correlation);
        // into every log line of this request, and with every node call into the node's (CorrelationId)
        org.jboss.logging.MDC.put(org.hsmpool.nodeapi.CorrelationId.MDC_KEY, correlation);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        org.jboss.logging.MDC.remove(org.hsmpool.nodeapi.CorrelationId.MDC_KEY);
        Object started = request.getProperty(STARTED);
        String path = request.getProperty(PATH) instanceof String p ? p : request.getUriInfo().getPath();
        if (started == null || path.startsWith("/q/")) {
            return;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("time", java.time.Instant.now().toString());
        r.put("type", "request");
        Principal principal = Principal.of(request);
        r.put("principal", principal == null ? null : principal.id());
        Matcher key = KEY_PATH.matcher(path);
        if (key.matches()) {
            r.put("operation", request.getMethod() + " /" + key.group(1) + "/{name}"
                    + (key.group(3) == null ? "" : "/{version}") + (key.group(4) == null ? "" : key.group(4)));
            r.put("key", key.group(2));
            r.put("version", key.group(3) == null ? null : key.group(3).toLowerCase(java.util.Locale.ROOT));
        } else {
            r.put("operation", request.getMethod() + " " + (path.length() > 200 ? path.substring(0, 200) : path));
        }
        int status = response.getStatus();
        r.put("status", status);
        r.put("result", status < 400 ? "ok" : status == 401 ? "unauthenticated" : status == 403 ? "denied"
                : status < 500 ? "refused" : "failed");
        r.put("durationMs", (System.nanoTime() - (Long) started) / 1_000_000.0);
        if (request.getProperty(Decision.PROPERTY) instanceof Decision d) {
            r.put("grantedBy", d.grantedBy());
            r.put("denied", d.allowed() ? null : d.message());
        }
        Object correlation = request.getProperty(CORRELATION);
        r.put("correlationId", correlation);
        r.put("client", http == null || http.remoteAddress() == null ? null : http.remoteAddress().hostAddress());
        response.getHeaders().putSingle("x-ms-request-id", correlation);
        log.record(r);
    }
}
