package org.hsmpool.pool.api;

import org.hsmpool.pool.keys.KeyService;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /rng}: random bytes from an HSM of the pool. */
@Path("/rng")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RandomResource {
    private final KeyService keys;

    public RandomResource(KeyService keys) {
        this.keys = keys;
    }

    @POST
    public RandomBytes random(GetRandomBytesRequest body) {
        return RandomBytes.of(keys.random(body.count()));
    }
}
