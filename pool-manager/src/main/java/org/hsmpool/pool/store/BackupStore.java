package org.hsmpool.pool.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store's part of full backup and restore (issue 17): a consistent read of the pool's contents,
 * their restore in one transaction, the jobs, and the settings. Obtained from {@link PoolStore#backups()}.
 */
public interface BackupStore {

    /** Everything a full backup holds, read in one transaction (one snapshot). */
    PoolContents contents();

    /**
     * Makes the pool's contents those given, in one transaction: all of it or, on any failure,
     * nothing. Full restore ({@code onlyKey} empty): client keys not in {@code contents} are purged,
     * keys in it get exactly its versions, soft-delete state and rotation policy, and the role
     * definitions, role assignments, service principals and settings are replaced. Selective restore
     * ({@code onlyKey} a name): only that key, which {@code contents} must hold. A key whose versions
     * are the pool's already keeps them and gets the backup's properties; any other is purged (one
     * {@code KEY_PURGED} entry per version) and its versions are created again (one
     * {@code KEY_VERSION_CREATED} each), lifting their tombstones, so that nodes follow through the
     * replication log. Returns the log head after the restore.
     */
    long restore(PoolContents contents, Optional<String> onlyKey);

    /** Records a new running job; {@code CONFLICT} while another job is {@code InProgress}. */
    BackupJob startJob(BackupJob job);

    /** Replaces a running job's row with its end; {@code STATE_MISMATCH} if it is no longer running. */
    BackupJob finishJob(BackupJob finished);

    Optional<BackupJob> job(String jobId);

    /** The most recent jobs first, at most {@code limit} (1..100). */
    List<BackupJob> recentJobs(int limit);

    /** Marks every running job failed with {@code reason} (a manager restarted); returns how many. */
    int failRunningJobs(String reason, Instant at);

    /** The settings that have a value stored (a setting without one has its default). */
    Map<String, String> settings();

    void putSetting(String name, String value);
}
