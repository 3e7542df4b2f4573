package org.hsmpool.pool.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.pool.rbac.RoleAssignments;
import org.hsmpool.pool.rbac.RoleScope;
import org.hsmpool.pool.store.RoleAssignment;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Role assignments, in the shape of {@code KeyVaultAccessControlClient}: {@code {id, name, type,
 * properties: {scope, roleDefinitionId, principalId}}}, lists as {@code {value, nextLink}}, PUT
 * answering 201. The pool scope lives at {@code roleAssignments}, the {@code /keys} scope at
 * {@code keys/roleAssignments} and a key's scope at {@code roleAssignments/keys/{key}};
 * {@link RbacPaths} brings every accepted spelling of the path here.
 */
@Path(RbacPaths.PREFIX)
@Produces(MediaType.APPLICATION_JSON)
public class RoleAssignmentsResource {
    static final String TYPE = "Microsoft.Authorization/roleAssignments";

    private final RoleAssignments assignments;

    public RoleAssignmentsResource(RoleAssignments assignments) {
        this.assignments = assignments;
    }

    @GET
    @Path("roleAssignments")
    public Map<String, Object> list(@QueryParam("$filter") String filter) {
        return listing(assignments.list(RoleScope.POOL, filter));
    }

    @GET
    @Path("roleAssignments/{name}")
    public Map<String, Object> get(@PathParam("name") String name) {
        return json(assignments.get(RoleScope.POOL, name));
    }

    @PUT
    @Path("roleAssignments/{name}")
    public Response put(@PathParam("name") String name, RoleAssignmentCreateParameters body) {
        return create(RoleScope.POOL, name, body);
    }

    @DELETE
    @Path("roleAssignments/{name}")
    public Map<String, Object> delete(@PathParam("name") String name) {
        return json(assignments.delete(RoleScope.POOL, name));
    }

    @GET
    @Path("keys/roleAssignments")
    public Map<String, Object> listAtKeys(@QueryParam("$filter") String filter) {
        return listing(assignments.list(RoleScope.KEYS, filter));
    }

    @GET
    @Path("keys/roleAssignments/{name}")
    public Map<String, Object> getAtKeys(@PathParam("name") String name) {
        return json(assignments.get(RoleScope.KEYS, name));
    }

    @PUT
    @Path("keys/roleAssignments/{name}")
    public Response putAtKeys(@PathParam("name") String name, RoleAssignmentCreateParameters body) {
        return create(RoleScope.KEYS, name, body);
    }

    @DELETE
    @Path("keys/roleAssignments/{name}")
    public Map<String, Object> deleteAtKeys(@PathParam("name") String name) {
        return json(assignments.delete(RoleScope.KEYS, name));
    }

    @GET
    @Path("roleAssignments/keys/{key}")
    public Map<String, Object> listAtKey(@PathParam("key") String key, @QueryParam("$filter") String filter) {
        return listing(assignments.list(RoleScope.parse("/keys/" + key), filter));
    }

    @GET
    @Path("roleAssignments/keys/{key}/{name}")
    public Map<String, Object> getAtKey(@PathParam("key") String key, @PathParam("name") String name) {
        return json(assignments.get(RoleScope.parse("/keys/" + key), name));
    }

    @PUT
    @Path("roleAssignments/keys/{key}/{name}")
    public Response putAtKey(@PathParam("key") String key, @PathParam("name") String name,
            RoleAssignmentCreateParameters body) {
        return create(RoleScope.parse("/keys/" + key), name, body);
    }

    @DELETE
    @Path("roleAssignments/keys/{key}/{name}")
    public Map<String, Object> deleteAtKey(@PathParam("key") String key, @PathParam("name") String name) {
        return json(assignments.delete(RoleScope.parse("/keys/" + key), name));
    }

    private Response create(RoleScope scope, String name, RoleAssignmentCreateParameters body) {
        RoleAssignment created = assignments.create(scope, name, body.properties().roleDefinitionId(),
                body.properties().principalId());
        return Response.status(201).type(MediaType.APPLICATION_JSON_TYPE).entity(json(created)).build();
    }

    static Map<String, Object> listing(List<RoleAssignment> items) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("value", items.stream().map(RoleAssignmentsResource::json).toList());
        page.put("nextLink", null);
        return page;
    }

    static Map<String, Object> json(RoleAssignment a) {
        RoleScope scope = new RoleScope(a.scope());
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("scope", a.scope());
        properties.put("roleDefinitionId", a.roleDefinitionId());
        properties.put("principalId", a.principalId());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", scope.idPrefix() + RbacPaths.PREFIX + "roleAssignments/" + a.id());
        json.put("name", a.id());
        json.put("type", TYPE);
        json.put("properties", properties);
        return json;
    }
}
