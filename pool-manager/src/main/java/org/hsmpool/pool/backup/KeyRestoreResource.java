package org.hsmpool.pool.backup;

import java.util.Optional;

import org.hsmpool.pool.config.PoolConfig;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Selective key restore: {@code PUT /keys/{name}/restore} with {@code sasTokenParameters} and
 * {@code folder} (the backup's folder name) restores one key, every version, from a full backup. Its
 * status is read at {@code GET /restore/{jobId}/pending}, as the SDKs do.
 */
@Path("/keys/{name}/restore")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class KeyRestoreResource {
    private final BackupJobs jobs;
    private final PoolConfig config;

    public KeyRestoreResource(BackupJobs jobs, PoolConfig config) {
        this.jobs = jobs;
        this.config = config;
    }

    @PUT
    public Response restore(@PathParam("name") String name, SelectiveKeyRestoreParameters body,
            @Context UriInfo uri) {
        BackupLocation location = body.sasTokenParameters().location(config);
        return BackupResource.accepted(jobs.startRestore(location, body.folder(), Optional.of(name)), "restore", uri);
    }
}
