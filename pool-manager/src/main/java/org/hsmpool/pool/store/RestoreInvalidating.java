package org.hsmpool.pool.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link BackupStore} that runs {@code afterRestore} when a restore returns or fails (cache invalidation). */
final class RestoreInvalidating implements BackupStore {
    private final BackupStore store;
    private final Runnable afterRestore;

    RestoreInvalidating(BackupStore store, Runnable afterRestore) {
        this.store = store;
        this.afterRestore = afterRestore;
    }

    @Override
    public PoolContents contents() {
        return store.contents();
    }

    @Override
    public long restore(PoolContents contents, Optional<String> onlyKey) {
        try {
            return store.restore(contents, onlyKey);
        } finally {
            afterRestore.run();
        }
    }

    @Override
    public BackupJob startJob(BackupJob job) {
        return store.startJob(job);
    }

    @Override
    public BackupJob finishJob(BackupJob finished) {
        return store.finishJob(finished);
    }

    @Override
    public Optional<BackupJob> job(String jobId) {
        return store.job(jobId);
    }

    @Override
    public List<BackupJob> recentJobs(int limit) {
        return store.recentJobs(limit);
    }

    @Override
    public int failRunningJobs(String reason, Instant at) {
        return store.failRunningJobs(reason, at);
    }

    @Override
    public Map<String, String> settings() {
        return store.settings();
    }

    @Override
    public void putSetting(String name, String value) {
        store.putSetting(name, value);
    }
}
