package org.hsmpool.pool.store;

import java.time.Instant;

/**
 * A full backup, full restore or selective key restore job (issue 17), as the store keeps it so
 * that its status outlives the manager that ran it.
 *
 * @param jobId 32 hexadecimal characters
 * @param location where the backup goes or comes from: a container or folder URL without its SAS
 *        token, or a {@code file:} URL; never a secret
 * @param keyName the key of a selective key restore, else null
 * @param ended null while the job runs
 */
public record BackupJob(String jobId, Kind kind, Status status, String statusDetails, String errorCode,
        String errorMessage, String location, String keyName, Instant started, Instant ended) {

    /** What the job does. */
    public enum Kind {
        BACKUP, RESTORE, KEY_RESTORE
    }

    /** The job states of the Managed HSM REST API, spelled as on the wire. */
    public enum Status {
        InProgress, Succeeded, Failed
    }

    public BackupJob {
        Arguments.hex32(jobId, "a job id");
        Arguments.present(kind, "the job kind");
        Arguments.present(status, "the job status");
        Arguments.text(location, "the job location", 2048);
        if (keyName != null) {
            Arguments.keyName(keyName);
        }
        started = Arguments.time(started, "the start time");
        statusDetails = clip(statusDetails);
        errorMessage = clip(errorMessage);
        if (errorCode != null && errorCode.length() > 64) {
            errorCode = errorCode.substring(0, 64);
        }
    }

    /** A new job, running from {@code started}. */
    public static BackupJob started(String jobId, Kind kind, String location, String keyName, Instant started) {
        return new BackupJob(jobId, kind, Status.InProgress, null, null, null, location, keyName, started, null);
    }

    /** This job, finished. */
    public BackupJob finished(Status status, String details, String errorCode, String errorMessage, Instant at) {
        return new BackupJob(jobId, kind, status, details, errorCode, errorMessage, location, keyName, started, at);
    }

    private static String clip(String text) {
        return text == null || text.length() <= 1024 ? text : text.substring(0, 1021) + "...";
    }
}
