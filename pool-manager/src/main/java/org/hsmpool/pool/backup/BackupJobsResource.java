package org.hsmpool.pool.backup;

import java.util.Map;

import org.hsmpool.pool.api.KeyVaultException;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /hsmpool/backup/jobs[?top=1..100]}: the latest backup and restore jobs first (for {@code hsmpool backup status}). */
@Path("/hsmpool/backup/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class BackupJobsResource {
    private final BackupJobs jobs;

    public BackupJobsResource(BackupJobs jobs) {
        this.jobs = jobs;
    }

    @GET
    public Map<String, Object> list(@QueryParam("top") String top) {
        int limit = 10;
        if (top != null) {
            try {
                limit = Integer.parseInt(top);
            } catch (NumberFormatException e) {
                limit = 0;
            }
            if (limit < 1 || limit > 100) {
                throw KeyVaultException.badParameter("top is a whole number from 1 to 100");
            }
        }
        return Map.of("value", jobs.recent(limit).stream().map(BackupJobView::detailed).toList());
    }
}
