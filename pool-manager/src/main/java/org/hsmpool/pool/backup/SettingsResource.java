package org.hsmpool.pool.backup;

import java.util.Map;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Managed HSM settings: {@code GET /settings} ({@code {"settings":[Setting...]}}), {@code GET} and
 * {@code PATCH /settings/{name}} (body {@code {"value":"true"}}), Setting = {@code {name, value, type}}.
 */
@Path("/settings")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class SettingsResource {
    private final PoolSettings settings;

    public SettingsResource(PoolSettings settings) {
        this.settings = settings;
    }

    @GET
    public Map<String, Object> list() {
        return Map.of("settings", settings.all());
    }

    @GET
    @Path("{name}")
    public Map<String, String> get(@PathParam("name") String name) {
        return settings.get(name);
    }

    @PATCH
    @Path("{name}")
    public Map<String, String> update(@PathParam("name") String name, UpdateSettingRequest body) {
        return settings.update(name, body.value());
    }
}
