package org.hsmpool.pool.admin;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.hsmpool.pool.api.KeyVaultException;
import org.hsmpool.pool.nodes.MembershipException;
import org.hsmpool.pool.nodes.NodeRegistry;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.store.PoolState;
import org.hsmpool.pool.store.PoolStore;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /hsmpool/nodes}: the pool's nodes changed at run time, without restarting a manager (the
 * Administrator's {@code hsmpool/nodes/write/action}). POST {@code {"name", "endpoint"}} adds a node
 * (201; it takes traffic once the health monitor has admitted it: {@code GET /hsmpool/status});
 * DELETE {@code /{name}} removes one (refused for the last HEALTHY node of an activated pool). A node
 * takes part only when it answers at its endpoint with a pool-CA certificate of its name, so an
 * address alone cannot bring a foreign server into the pool.
 */
@Path("/hsmpool/nodes")
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {
    private static final Set<String> FIELDS = Set.of("name", "endpoint");

    private final NodeRegistry registry;
    private final PoolStore store;

    public NodesResource(NodeRegistry registry, PoolStore store) {
        this.registry = registry;
        this.store = store;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw KeyVaultException.badParameter("give {\"name\": \"node-4\", \"endpoint\": \"host:port\"}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw KeyVaultException.badParameter("unknown property " + field + ": a node has only name and endpoint");
            }
        }
        String name = text(body, "name");
        String endpoint = text(body, "endpoint");
        try {
            return Response.status(201).entity(view(registry.add(name, endpoint))).build();
        } catch (MembershipException e) {
            throw refused(e);
        }
    }

    @DELETE
    @Path("{name}")
    public Map<String, Object> remove(@PathParam("name") String name) {
        boolean activated = store.pool().map(p -> p.state() == PoolState.Activated).orElse(false);
        PoolNode node = registry.node(name).orElse(null);
        try {
            registry.remove(name, activated);
        } catch (MembershipException e) {
            throw refused(e);
        }
        Map<String, Object> view = view(node);
        view.put("state", "REMOVED");
        return view;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw KeyVaultException.badParameter(field + " must be a non-empty string");
        }
        return value.asText();
    }

    private static KeyVaultException refused(MembershipException e) {
        return switch (e.code()) {
            case INVALID -> KeyVaultException.badParameter(e.getMessage());
            case NOT_FOUND -> new KeyVaultException(404, "NotFound", e.getMessage(), null, null);
            case CONFLICT -> KeyVaultException.conflict(e.getMessage());
        };
    }

    private static Map<String, Object> view(PoolNode node) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", node.name());
        view.put("endpoint", node.endpoint());
        view.put("state", node.state().name());
        return view;
    }
}
