package org.hsmpool.pool.backup;

import java.util.LinkedHashMap;
import java.util.Map;

import org.hsmpool.pool.store.BackupJob;

/**
 * A job as the REST API shows it: FullBackupOperation ({@code azureStorageBlobContainerUri}: the
 * backup's folder, which a restore names) or RestoreOperation / SelectiveKeyRestoreOperation;
 * {@code status} {@code InProgress|Succeeded|Failed}, times in Unix seconds, {@code error} only on
 * failure. Members without a value are left out.
 */
final class BackupJobView {
    private BackupJobView() {
    }

    static Map<String, Object> of(BackupJob job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", job.status().name());
        if (job.statusDetails() != null) {
            m.put("statusDetails", job.statusDetails());
        }
        if (job.status() == BackupJob.Status.Failed) {
            m.put("error", Map.of("code", job.errorCode() == null ? "Failed" : job.errorCode(), "message",
                    job.errorMessage() == null ? "the job failed" : job.errorMessage()));
        }
        m.put("jobId", job.jobId());
        m.put("startTime", job.started().getEpochSecond());
        if (job.ended() != null) {
            m.put("endTime", job.ended().getEpochSecond());
        }
        if (job.kind() == BackupJob.Kind.BACKUP) {
            m.put("azureStorageBlobContainerUri", job.location());
        }
        return m;
    }

    /** The operator's view ({@code GET /hsmpool/backup/jobs}): the API's, plus kind, location and key. */
    static Map<String, Object> detailed(BackupJob job) {
        Map<String, Object> m = new LinkedHashMap<>(of(job));
        m.put("kind", job.kind().name());
        m.put("location", job.location());
        if (job.keyName() != null) {
            m.put("key", job.keyName());
        }
        return m;
    }
}
