package org.hsmpool.pool.api;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.hsmpool.pool.auth.Principal;
import org.hsmpool.pool.rbac.Authorizer;
import org.hsmpool.pool.rbac.Decision;
import org.hsmpool.pool.rbac.EndpointActions;
import org.hsmpool.pool.rbac.Requirement;
import org.hsmpool.pool.store.StoreException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;

/**
 * Local RBAC for every request, after authentication and matching, before the body is read: the
 * matched resource method gives its endpoint ({@link #endpoint}), {@link EndpointActions} the data
 * action and scope it needs, {@link Authorizer} the decision. No mapping, no principal or no grant
 * ends the request with 403 {@code AccessDenied} naming the action and the scope. The decision goes
 * into the request as {@link Decision#PROPERTY} (for the audit log).
 */
public class Authorization {
    private static final Logger LOG = Logger.getLogger(Authorization.class);

    private final Authorizer authorizer;
    /** {@link #endpoint} by matched method: reading annotations on every request showed in the profile. */
    private static final Map<ResourceMethod, String[]> ENDPOINTS = new ConcurrentHashMap<>();

    private record ResourceMethod(Class<?> resourceClass, Method method) {
    }

    public Authorization(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Optional<Response> authorize(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return Optional.of(denied(request, "the request matched no endpoint"));
        }
        String[] endpoint = ENDPOINTS.computeIfAbsent(new ResourceMethod(resource.getResourceClass(), method),
                m -> endpoint(m.resourceClass(), m.method()));
        if (EndpointActions.isPublic(endpoint[0], endpoint[1])) {
            return Optional.empty();
        }
        Principal principal = Principal.of(request);
        if (principal == null) {
            return Optional.of(denied(request, "the request has no authenticated principal"));
        }
        Optional<Requirement> required = EndpointActions.requirement(endpoint[0], endpoint[1],
                name -> request.getUriInfo().getPathParameters().getFirst(name));
        if (required.isEmpty()) {
            return Optional.of(denied(request, "Principal " + principal.id() + " may not call " + endpoint[0] + " "
                    + endpoint[1] + ": no data action is defined for it"));
        }
        Decision decision;
        try {
            decision = authorizer.decide(principal.id(), required.get());
        } catch (StoreException e) {
            LOG.warnf("authorisation could not read the store: %s", e.code());
            return Optional.of(ErrorResponses.keyVault(
                    KeyVaultException.unavailable("the pool cannot authorise now; retry", 1)));
        }
        request.setProperty(Decision.PROPERTY, decision);
        return decision.allowed() ? Optional.empty() : Optional.of(ErrorResponses.of(403, "AccessDenied",
                decision.message()));
    }

    /** {HTTP method, path template} of a resource method, in {@link EndpointActions}' form. */
    public static String[] endpoint(Class<?> resourceClass, Method method) {
        Path classPath = resourceClass.getAnnotation(Path.class);
        Path methodPath = method.getAnnotation(Path.class);
        return new String[] { httpMethod(method),
                EndpointActions.template(classPath == null ? null : classPath.value(),
                        methodPath == null ? null : methodPath.value()) };
    }

    /** The HTTP method a resource method answers (its annotation that carries {@link HttpMethod}), or null. */
    public static String httpMethod(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static Response denied(ContainerRequestContext request, String message) {
        request.setProperty(Decision.PROPERTY, new Decision(false, null, message));
        return ErrorResponses.of(403, "AccessDenied", message);
    }
}
