package org.hsmpool.pool.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.pool.api.KeyVaultException;
import org.hsmpool.pool.auth.ServicePrincipals;
import org.hsmpool.pool.store.ServicePrincipal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@value #PATH}: the service principals of the built-in token service. POST creates one
 * ({@code {"displayName"}}) and answers its client id, object id and secret, the secret this once
 * only; GET lists them (never a secret or its hash); DELETE {@code /{clientId}} removes one (its
 * tokens stay valid until they expire). Authenticated like every other path; RBAC is to require the
 * Administrator role here ({@link #PATH} is the prefix to match).
 */
@Path(PrincipalsResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class PrincipalsResource {
    /** The path of the principal administration, for the RBAC rules. */
    public static final String PATH = "/hsmpool/principals";
    static final int MAX_DISPLAY_NAME = 256;

    private final ServicePrincipals principals;

    public PrincipalsResource(ServicePrincipals principals) {
        this.principals = principals;
    }

    /** The body of POST, read like every request body (api.RequestBodyReader). */
    public record NewPrincipal(
            @NotBlank(message = "is required: give {\"displayName\": \"...\"}")
            @Size(max = MAX_DISPLAY_NAME, message = "is at most 256 characters") String displayName) {
    }

    @POST
    public Response create(NewPrincipal body) {
        ServicePrincipals.Created created = principals.create(body.displayName().strip());
        Map<String, Object> view = view(created.principal());
        view.put("secret", created.secret());
        return Response.status(201).entity(view).header("Cache-Control", "no-store").build();
    }

    @GET
    public Map<String, Object> list() {
        List<Map<String, Object>> value = principals.list().stream().map(PrincipalsResource::view).toList();
        return Map.of("value", value);
    }

    @DELETE
    @Path("{clientId}")
    public Map<String, Object> delete(@PathParam("clientId") String clientId) {
        return principals.delete(clientId).map(PrincipalsResource::view).orElseThrow(() -> new KeyVaultException(404,
                "NotFound", "no service principal has this client id"));
    }

    private static Map<String, Object> view(ServicePrincipal p) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("clientId", p.clientId());
        view.put("objectId", p.objectId());
        view.put("displayName", p.displayName());
        view.put("created", p.created().getEpochSecond());
        return view;
    }
}
