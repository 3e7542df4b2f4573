package org.hsmpool.pool.api;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.hsmpool.pool.auth.Principal;
import org.hsmpool.pool.keys.KeyService;
import org.hsmpool.pool.keys.ManagedKey;
import org.hsmpool.pool.keys.NewKey;
import org.hsmpool.pool.rbac.Authorizer;
import org.hsmpool.pool.rbac.DataAction;
import org.hsmpool.pool.rbac.Requirement;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code /keys}: create, get, and the cryptographic operations, with or without a version (the
 * Azure SDK leaves the version out when it has none: {@code GET /keys/{name}/},
 * {@code POST /keys/{name}/sign}). Bodies are records read by {@link RequestBodyReader} (the key
 * operations', whose type depends on the path, by {@link RequestBodies}), whatever their content
 * type, so that every malformed body gets the same BadParameter answer.
 */
@Path("/keys")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class KeysResource {
    private final KeyService keys;
    private final Authorizer authorizer;
    private final RequestBodies bodies;

    public KeysResource(KeyService keys, Authorizer authorizer, RequestBodies bodies) {
        this.keys = keys;
        this.authorizer = authorizer;
        this.bodies = bodies;
    }

    @POST
    @Path("{name}/create")
    public KeyBundle create(@PathParam("name") String name, KeyCreateParameters body, @Context UriInfo uri) {
        String key = KeyPath.name(name);
        NewKey parameters = body.toNewKey();
        return bundle(keys.create(key, parameters), uri);
    }

    @GET
    public Map<String, Object> list(@QueryParam("maxresults") String maxResults, @Context UriInfo uri) {
        int max = Listing.maxResults(maxResults);
        var page = keys.list(Listing.skipToken(uri), max);
        URI base = KeyPath.base(uri);
        return Listing.page(page.items().stream().map(k -> Listing.item(k, KeyPath.kid(base, k.name(), null)))
                .toList(), page.continuation(), uri, "keys", max);
    }

    @GET
    @Path("{name}/versions")
    public Map<String, Object> versions(@PathParam("name") String name, @QueryParam("maxresults") String maxResults,
            @Context UriInfo uri) {
        String key = KeyPath.name(name);
        int max = Listing.maxResults(maxResults);
        var page = keys.listVersions(key, Listing.skipToken(uri), max);
        URI base = KeyPath.base(uri);
        return Listing.page(page.items().stream().map(k -> Listing.item(k, KeyPath.kid(base, k.name(), k.version())))
                .toList(), page.continuation(), uri, "keys/" + key + "/versions", max);
    }

    @POST
    @Path("{name}/backup")
    public Map<String, String> backup(@PathParam("name") String name) {
        return Map.of("value", Base64Url.encode(keys.backup(KeyPath.name(name))));
    }

    @POST
    @Path("restore")
    public KeyBundle restore(KeyRestoreParameters body, @Context UriInfo uri,
            @Context ContainerRequestContext request) {
        Principal principal = Principal.of(request);
        return bundle(keys.restore(body.value(), name -> principal != null
                && authorizer.decide(principal.id(), Requirement.onKey(DataAction.DELETED_KEYS_DELETE, name)).allowed()),
                uri);
    }

    /** Import: a new version holding the client's key, which goes into a token and is kept only sealed. */
    @PUT
    @Path("{name}")
    public KeyBundle importKey(@PathParam("name") String name, KeyImportParameters body, @Context UriInfo uri) {
        String key = KeyPath.name(name);
        return bundle(keys.importKey(key, body.toImportedKey()), uri);
    }

    @GET
    @Path("{name}/rotationpolicy")
    public Map<String, Object> rotationPolicy(@PathParam("name") String name, @Context UriInfo uri) {
        String key = KeyPath.name(name);
        return RotationPolicyParameters.write(keys.getRotationPolicy(key), KeyPath.base(uri), key);
    }

    @PUT
    @Path("{name}/rotationpolicy")
    public Map<String, Object> putRotationPolicy(@PathParam("name") String name, RotationPolicyParameters body,
            @Context UriInfo uri) {
        String key = KeyPath.name(name);
        var policy = body.toRotationPolicy();
        return RotationPolicyParameters.write(keys.putRotationPolicy(key, policy), KeyPath.base(uri), key);
    }

    @PATCH
    @Path("{name}")
    public KeyBundle updateLatest(@PathParam("name") String name, KeyUpdateParameters body, @Context UriInfo uri) {
        String key = KeyPath.name(name);
        return bundle(keys.update(key, null, body.toKeyUpdate()), uri);
    }

    @PATCH
    @Path("{name}/{version}")
    public KeyBundle update(@PathParam("name") String name, @PathParam("version") String version,
            KeyUpdateParameters body, @Context UriInfo uri) {
        String key = KeyPath.name(name);
        String v = KeyPath.version(version);
        return bundle(keys.update(key, v, body.toKeyUpdate()), uri);
    }

    @GET
    @Path("{name}")
    public KeyBundle latest(@PathParam("name") String name, @Context UriInfo uri) {
        return bundle(keys.get(KeyPath.name(name), null), uri);
    }

    @GET
    @Path("{name}/{version}")
    public KeyBundle get(@PathParam("name") String name, @PathParam("version") String version,
            @Context UriInfo uri) {
        return bundle(keys.get(KeyPath.name(name), KeyPath.version(version)), uri);
    }

    /*
     * The cryptographic operations run on the event loop and do not wait for the node: the key and
     * RBAC come from the store's in-memory reads, and the answer is written when the node's reply
     * arrives. This saves the hand-over to a worker thread and back on every call (docs/performance.md).
     */

    @POST
    @Path("{name}/{version}/{operation}")
    @NonBlocking
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {
            KeySignParameters.class, KeyVerifyParameters.class, KeyOperationsParameters.class })))
    public Uni<Object> operate(@PathParam("name") String name, @PathParam("version") String version,
            @PathParam("operation") String operation,
            byte[] body, @Context UriInfo uri) {
        KeyOperation op = KeyOperation.fromPath(operation).orElseThrow(NotFoundException::new);
        return perform(KeyPath.name(name), KeyPath.version(version), op, body, KeyPath.base(uri));
    }

    /** The operations without a version segment (the SDK sends that when it has none): the latest version. */
    @POST
    @Path("{name}/{operation: sign|verify|encrypt|decrypt|wrapkey|unwrapkey}")
    @NonBlocking
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {
            KeySignParameters.class, KeyVerifyParameters.class, KeyOperationsParameters.class })))
    public Uni<Object> operateOnLatest(@PathParam("name") String name, @PathParam("operation") String operation,
            byte[] body, @Context UriInfo uri) {
        KeyOperation op = KeyOperation.fromPath(operation).orElseThrow(NotFoundException::new);
        return perform(KeyPath.name(name), null, op, body, KeyPath.base(uri));
    }

    private Uni<Object> perform(String name, String version, KeyOperation operation, byte[] body, URI base) {
        return switch (operation) {
            case SIGN -> {
                KeySignParameters p = bodies.read(body, KeySignParameters.class);
                yield answer(keys.sign(name, version, p.alg().wire(), p.digest()),
                        r -> KeyOperationResult.of(KeyPath.kid(base, name, r.version()), r.value()));
            }
            case VERIFY -> {
                KeyVerifyParameters p = bodies.read(body, KeyVerifyParameters.class);
                yield answer(keys.verify(name, version, p.alg().wire(), p.digest(), p.signature()),
                        KeyVerifyResult::new);
            }
            case ENCRYPT -> {
                KeyOperationsParameters p = bodies.read(body, KeyOperationsParameters.class);
                yield answer(keys.encrypt(name, version, p.alg().wire(), p.value(), p.iv(), p.aad()),
                        r -> KeyOperationResult.encrypted(KeyPath.kid(base, name, r.version()), r.ciphertext(), r.iv(),
                                r.tag(), p.aad()));
            }
            case DECRYPT -> {
                KeyOperationsParameters p = bodies.read(body, KeyOperationsParameters.class);
                yield answer(keys.decrypt(name, version, p.alg().wire(), p.value(), p.iv(), p.aad(), p.tag()),
                        r -> KeyOperationResult.of(KeyPath.kid(base, name, r.version()), r.value()));
            }
            case WRAP_KEY -> {
                KeyOperationsParameters p = bodies.read(body, KeyOperationsParameters.class);
                yield answer(keys.wrapKey(name, version, p.alg().wire(), p.value()),
                        r -> KeyOperationResult.of(KeyPath.kid(base, name, r.version()), r.value()));
            }
            case UNWRAP_KEY -> {
                KeyOperationsParameters p = bodies.read(body, KeyOperationsParameters.class);
                yield answer(keys.unwrapKey(name, version, p.alg().wire(), p.value()),
                        r -> KeyOperationResult.of(KeyPath.kid(base, name, r.version()), r.value()));
            }
        };
    }

    /** The node's answer as the API's body; a failure (a KeyException) reaches the error mappers as it is. */
    private static <T> Uni<Object> answer(CompletionStage<T> operation, Function<T, Object> body) {
        return Uni.createFrom().completionStage(operation).map(body);
    }

    @POST
    @Path("{name}/rotate")
    public KeyBundle rotate(@PathParam("name") String name, @Context UriInfo uri) {
        return bundle(keys.rotate(KeyPath.name(name)), uri);
    }

    @jakarta.ws.rs.DELETE
    @Path("{name}")
    public Map<String, Object> delete(@PathParam("name") String name, @Context UriInfo uri) {
        return DeletedKeysResource.deletedBundle(keys.delete(KeyPath.name(name)), uri);
    }

    /**
     * Key attestation (api-version 7.6): the key version with {@code attributes.attestation}, a
     * node's signed evidence about it (docs/api.md). {@code /keys/{name}/attestation} is the latest.
     */
    @GET
    @Path("{name}/{version}/attestation")
    public KeyBundle attestation(@PathParam("name") String name, @PathParam("version") String version,
            @Context UriInfo uri) {
        return KeyAttestationAnswer.of(keys.attest(KeyPath.name(name), KeyPath.version(version)), uri);
    }

    @GET
    @Path("{name}/attestation")
    public KeyBundle latestAttestation(@PathParam("name") String name, @Context UriInfo uri) {
        return KeyAttestationAnswer.of(keys.attest(KeyPath.name(name), null), uri);
    }

    static KeyBundle bundle(ManagedKey key, UriInfo uri) {
        return KeyBundle.of(key, KeyPath.kid(KeyPath.base(uri), key.name(), key.version()));
    }
}
