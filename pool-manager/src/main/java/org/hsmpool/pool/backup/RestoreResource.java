package org.hsmpool.pool.backup;

import java.util.Map;
import java.util.Optional;

import org.hsmpool.pool.config.PoolConfig;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Full restore: {@code PUT /restore} (body: {@code sasTokenParameters}, {@code folderToRestore}) and
 * {@code GET /restore/{jobId}/pending}, which also reports selective key restores
 * ({@link KeyRestoreResource}), as the SDKs poll them there.
 */
@Path("/restore")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RestoreResource {
    private final BackupJobs jobs;
    private final PoolConfig config;

    public RestoreResource(BackupJobs jobs, PoolConfig config) {
        this.jobs = jobs;
        this.config = config;
    }

    @PUT
    public Response restore(RestoreOperationParameters body, @Context UriInfo uri) {
        BackupLocation location = body.sasTokenParameters().location(config);
        return BackupResource.accepted(jobs.startRestore(location, body.folderToRestore(), Optional.empty()), "restore",
                uri);
    }

    @GET
    @Path("{jobId}/pending")
    public Map<String, Object> status(@PathParam("jobId") String jobId) {
        return BackupJobView.of(BackupResource.job(jobs, jobId, false));
    }
}
