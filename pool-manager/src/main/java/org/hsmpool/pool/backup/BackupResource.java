package org.hsmpool.pool.backup;

import java.net.URI;
import java.util.Map;

import org.hsmpool.pool.config.PoolConfig;
import org.hsmpool.pool.api.KeyVaultException;
import org.hsmpool.pool.store.BackupJob;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Full backup of the Managed HSM data plane: {@code POST /backup} (body: SASTokenParameter) and
 * {@code GET /backup/{jobId}/pending}. Starting answers 202 with the job, {@code Azure-AsyncOperation}
 * (its status URL) and {@code Retry-After}. Restores are {@link RestoreResource}'s.
 */
@Path("/backup")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class BackupResource {
    private final BackupJobs jobs;
    private final PoolConfig config;

    public BackupResource(BackupJobs jobs, PoolConfig config) {
        this.jobs = jobs;
        this.config = config;
    }

    @POST
    public Response backup(SasTokenParameter body, @Context UriInfo uri) {
        return accepted(jobs.startBackup(body.location(config)), "backup", uri);
    }

    @GET
    @Path("{jobId}/pending")
    public Map<String, Object> backupStatus(@PathParam("jobId") String jobId) {
        return BackupJobView.of(job(jobs, jobId, true));
    }

    static BackupJob job(BackupJobs jobs, String jobId, boolean backup) {
        return jobs.job(jobId).filter(j -> (j.kind() == BackupJob.Kind.BACKUP) == backup)
                .orElseThrow(() -> new KeyVaultException(404, "NotFound", "no " + (backup ? "backup" : "restore")
                        + " job " + (jobId.length() > 40 ? jobId.substring(0, 40) + "..." : jobId)));
    }

    /** 202 with the job, its status URL in {@code Azure-AsyncOperation}, and {@code Retry-After}. */
    static Response accepted(BackupJob job, String kind, UriInfo uri) {
        URI status = uri.getBaseUriBuilder().replacePath("/" + kind + "/" + job.jobId() + "/pending").replaceQuery(null)
                .build();
        return Response.accepted(BackupJobView.of(job)).header("Azure-AsyncOperation", status.toString())
                .header("Retry-After", "1").build();
    }
}
