package org.hsmpool.pool.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.hsmpool.pool.keys.KeyService;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /deletedkeys}: a soft-deleted key, its recovery and its purge. */
@Path("/deletedkeys")
@Produces(MediaType.APPLICATION_JSON)
public class DeletedKeysResource {
    private final KeyService keys;

    public DeletedKeysResource(KeyService keys) {
        this.keys = keys;
    }

    @GET
    public Map<String, Object> list(@QueryParam("maxresults") String maxResults, @Context UriInfo uri) {
        int max = Listing.maxResults(maxResults);
        var page = keys.listDeleted(Listing.skipToken(uri), max);
        return Listing.page(page.items().stream().map(d -> deletedItem(d, uri)).toList(), page.continuation(), uri,
                "deletedkeys", max);
    }

    @GET
    @Path("{name}")
    public Map<String, Object> get(@PathParam("name") String name, @Context UriInfo uri) {
        return deletedBundle(keys.getDeleted(KeyPath.name(name)), uri);
    }

    @POST
    @Path("{name}/recover")
    public KeyBundle recover(@PathParam("name") String name, @Context UriInfo uri) {
        var key = keys.recover(KeyPath.name(name));
        return KeyBundle.of(key, KeyPath.kid(KeyPath.base(uri), key.name(), key.version()));
    }

    @DELETE
    @Path("{name}")
    public Response purge(@PathParam("name") String name) {
        keys.purge(KeyPath.name(name));
        return Response.noContent().build();
    }

    /** DeletedKeyItem: the key's identifier, attributes and tags, and the deletion facts. */
    private static Map<String, Object> deletedItem(KeyService.Deleted deleted, UriInfo uri) {
        var base = KeyPath.base(uri);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("recoveryId", base.resolve("deletedkeys/" + deleted.name()).toString());
        out.put("deletedDate", deleted.deletedAt().getEpochSecond());
        out.put("scheduledPurgeDate", deleted.scheduledPurgeAt().getEpochSecond());
        out.putAll(Listing.item(deleted.latest(), KeyPath.kid(base, deleted.name(), null)));
        return out;
    }

    /** DeletedKeyBundle: the KeyBundle of the latest version plus recoveryId, deletedDate, scheduledPurgeDate. */
    static Map<String, Object> deletedBundle(KeyService.Deleted deleted, UriInfo uri) {
        var base = KeyPath.base(uri);
        KeyBundle bundle = KeyBundle.of(deleted.latest(),
                KeyPath.kid(base, deleted.name(), deleted.latest().version()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("recoveryId", base.resolve("deletedkeys/" + deleted.name()).toString());
        out.put("deletedDate", deleted.deletedAt().getEpochSecond());
        out.put("scheduledPurgeDate", deleted.scheduledPurgeAt().getEpochSecond());
        out.put("key", bundle.key());
        out.put("attributes", bundle.attributes());
        if (bundle.tags() != null) {
            out.put("tags", bundle.tags());
        }
        return out;
    }
}
