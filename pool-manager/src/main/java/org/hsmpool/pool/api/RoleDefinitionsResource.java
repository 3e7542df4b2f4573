package org.hsmpool.pool.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.pool.rbac.Permissions;
import org.hsmpool.pool.rbac.RoleDefinitionView;
import org.hsmpool.pool.rbac.RoleDefinitions;

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
 * Role definitions at scope {@code /}, in the shape of {@code KeyVaultAccessControlClient}: {@code {id,
 * name, type, properties: {roleName, description, type: AKVBuiltInRole|CustomRole, permissions:
 * [{actions, notActions, dataActions, notDataActions}], assignableScopes}}}. Built-in roles are
 * listed and readable; only custom ones can be written or deleted.
 */
@Path(RbacPaths.PREFIX + "roleDefinitions")
@Produces(MediaType.APPLICATION_JSON)
public class RoleDefinitionsResource {
    static final String TYPE = "Microsoft.Authorization/roleDefinitions";

    private final RoleDefinitions definitions;

    public RoleDefinitionsResource(RoleDefinitions definitions) {
        this.definitions = definitions;
    }

    @GET
    public Map<String, Object> list(@QueryParam("$filter") String filter) {
        if (filter != null && !filter.isBlank()) {
            throw KeyVaultException.badParameter("role definitions are listed without $filter");
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("value", definitions.list().stream().map(RoleDefinitionsResource::json).toList());
        page.put("nextLink", null);
        return page;
    }

    @GET
    @Path("{name}")
    public Map<String, Object> get(@PathParam("name") String name) {
        return json(definitions.get(name));
    }

    @PUT
    @Path("{name}")
    public Response put(@PathParam("name") String name, RoleDefinitionCreateParameters body) {
        RoleDefinitionCreateParameters.RoleDefinitionProperties properties = body.properties();
        List<Permissions> permissions = new ArrayList<>();
        for (var p : properties.permissions() == null ? List.<RoleDefinitionCreateParameters.Permission>of()
                : properties.permissions()) {
            permissions.add(new Permissions(orEmpty(p.dataActions()), orEmpty(p.notDataActions())));
        }
        RoleDefinitionView saved = definitions.put(name, properties.roleName(), properties.description(), permissions,
                properties.assignableScopes());
        return Response.status(201).type(MediaType.APPLICATION_JSON_TYPE).entity(json(saved)).build();
    }

    @DELETE
    @Path("{name}")
    public Map<String, Object> delete(@PathParam("name") String name) {
        return json(definitions.delete(name));
    }

    static Map<String, Object> json(RoleDefinitionView d) {
        List<Map<String, Object>> permissions = new ArrayList<>();
        for (Permissions p : d.permissions()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("actions", List.of());
            json.put("notActions", List.of());
            json.put("dataActions", p.dataActions());
            json.put("notDataActions", p.notDataActions());
            permissions.add(json);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("roleName", d.roleName());
        properties.put("description", d.description());
        properties.put("type", d.builtIn() ? "AKVBuiltInRole" : "CustomRole");
        properties.put("permissions", permissions);
        properties.put("assignableScopes", d.assignableScopes());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", d.id());
        json.put("name", d.name());
        json.put("type", TYPE);
        json.put("properties", properties);
        return json;
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
