package org.hsmpool.pool.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import org.hsmpool.pool.api.KeyVaultException;
import org.hsmpool.pool.nodes.MembershipException;
import org.hsmpool.pool.nodes.NodeRegistry;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.store.PoolState;
import org.hsmpool.pool.store.PoolStore;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jakarta.validation.constraints.NotBlank;
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

    private final NodeRegistry registry;
    private final PoolStore store;

    public NodesResource(NodeRegistry registry, PoolStore store) {
        this.registry = registry;
        this.store = store;
    }

    /** The body of POST: a node has only a name and an endpoint; any other member is refused. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record NewNode(
            @NotBlank(message = "must be a non-empty string") String name,
            @NotBlank(message = "must be a non-empty string") String endpoint) {
    }

    @POST
    public Response add(NewNode body) {
        String name = body.name();
        String endpoint = body.endpoint();
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
