package org.hsmpool.pool.backup;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.hsmpool.pool.api.DomainErrors;
import org.hsmpool.pool.api.KeyVaultException;
import org.hsmpool.pool.keys.KeyException;
import org.hsmpool.pool.keys.SealedVersions;
import org.hsmpool.pool.leader.Leadership;
import org.hsmpool.pool.nodes.NodeRegistry;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.replication.CatchUp;
import org.hsmpool.pool.router.NodeRouter;
import org.hsmpool.pool.store.BackupJob;
import org.hsmpool.pool.store.NewKeyVersion;
import org.hsmpool.pool.store.Pool;
import org.hsmpool.pool.store.PoolContents;
import org.hsmpool.pool.store.PoolState;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.StoreException;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Runs full backups, full restores and selective key restores as jobs, one at a time (the store
 * refuses a second while one is {@code InProgress}, across managers too), on one worker thread.
 * A job's state lives in the store; a manager that starts marks the jobs left running as failed
 * ("the manager restarted"), so a job never stays {@code InProgress} for ever.
 *
 * <p>A backup reads the pool's contents in one snapshot, writes the document and then its seal.
 * A restore reads both, refuses another security domain, checks the seal in a node, parses, has a
 * node open every sealed key (MAC and domain checked, facts taken from the sealed key), and only then
 * writes, in one store transaction ({@code BackupStore.restore}); nodes follow through the
 * replication log. Any failure before that transaction leaves the pool as it was.
 */
@ApplicationScoped
public class BackupJobs {
    private static final Logger LOG = Logger.getLogger(BackupJobs.class);
    private static final Pattern FOLDER = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._-]{0,199}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PoolStore store;
    private final NodeRouter router;
    private final NodeRegistry registry;
    private final CatchUp catchUp;
    private final Leadership leadership;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hsmpool-backup");
        t.setDaemon(true);
        return t;
    });

    public BackupJobs(PoolStore store, NodeRouter router, NodeRegistry registry, CatchUp catchUp, Leadership leadership) {
        this.store = store;
        this.router = router;
        this.registry = registry;
        this.catchUp = catchUp;
        this.leadership = leadership;
    }

    void failInterruptedJobs(@Observes StartupEvent event) {
        int failed = store.backups().failRunningJobs("the pool manager stopped while the job ran; start it again",
                Instant.now());
        if (failed > 0) {
            LOG.warnf("%d backup or restore job(s) were running when the manager stopped; marked Failed", failed);
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    /** Starts a full backup into a new folder of {@code location}; 409 while a job runs. */
    public BackupJob startBackup(BackupLocation location) {
        Pool pool = activated();
        String folder = "mhsm-" + pool.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^0-9a-z-]", "-") + "-"
                + STAMP.format(Instant.now()) + "-" + HexFormat.of().formatHex(random(2));
        BackupJob job = start(BackupJob.started(newId(), BackupJob.Kind.BACKUP, location.storage().folderUri(folder),
                null, Instant.now()));
        worker.execute(() -> run(job, () -> backup(pool, location.storage(), folder)));
        return job;
    }

    /** Starts a full restore, or of one key, from {@code folder} of {@code location}; 409 while a job runs. */
    public BackupJob startRestore(BackupLocation location, String folder, Optional<String> key) {
        activated();
        if (folder == null || !FOLDER.matcher(folder).matches() || folder.contains("..")) {
            throw KeyVaultException.badParameter("the folder to restore is the last segment of the backup's URL "
                    + "(1 to 200 characters of 0-9, A-Z, a-z, '.', '_', '-')");
        }
        key.ifPresent(SealedVersions::clientName);
        BackupJob job = start(BackupJob.started(newId(), key.isPresent() ? BackupJob.Kind.KEY_RESTORE
                : BackupJob.Kind.RESTORE, location.storage().folderUri(folder), key.orElse(null), Instant.now()));
        worker.execute(() -> run(job, () -> restore(location.storage(), folder, key)));
        return job;
    }

    public Optional<BackupJob> job(String jobId) {
        if (jobId == null || !jobId.matches("[0-9a-f]{32}")) {
            return Optional.empty();
        }
        return store.backups().job(jobId);
    }

    public List<BackupJob> recent(int limit) {
        return store.backups().recentJobs(limit);
    }

    private BackupJob start(BackupJob job) {
        try {
            return store.backups().startJob(job);
        } catch (StoreException e) {
            if (e.code() == StoreException.Code.CONFLICT) {
                throw KeyVaultException.conflict(e.getMessage());
            }
            throw e;
        }
    }

    private void run(BackupJob job, Supplier<String> work) {
        BackupJob end;
        try {
            String details = work.get();
            end = job.finished(BackupJob.Status.Succeeded, details, null, null, Instant.now());
            LOG.infof("%s job %s succeeded: %s", job.kind(), job.jobId(), details);
        } catch (BackupFailure e) {
            end = failed(job, e.code(), e.getMessage());
        } catch (KeyVaultException e) {
            end = failed(job, e.code(), e.getMessage());
        } catch (KeyException e) {
            KeyVaultException answer = DomainErrors.of(e);
            end = failed(job, answer.code(), answer.getMessage());
        } catch (StoreException e) {
            end = failed(job, e.code() == StoreException.Code.UNAVAILABLE ? "StoreUnavailable" : "Conflict",
                    e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf("%s job %s failed: %s", job.kind(), job.jobId(), e.getClass().getName());
            end = failed(job, "InternalError", "the job failed in the pool manager (" + e.getClass().getSimpleName() + ")");
        }
        try {
            store.backups().finishJob(end);
        } catch (RuntimeException e) {
            LOG.errorf("%s job %s: its end could not be recorded (%s)", job.kind(), job.jobId(), e.getClass().getName());
        }
    }

    private static BackupJob failed(BackupJob job, String code, String message) {
        LOG.warnf("%s job %s failed: %s: %s", job.kind(), job.jobId(), code, message);
        return job.finished(BackupJob.Status.Failed, message, code, message, Instant.now());
    }

    private String backup(Pool pool, BackupStorage storage, String folder) {
        PoolContents contents = store.backups().contents();
        var header = new FullBackupDocument.Header(pool.id(), pool.name(), pool.securityDomain().domainId(),
                Instant.now(), FullBackupDocument.manifest(contents));
        byte[] document = FullBackupDocument.write(header, contents);
        byte[] seal = BackupSeal.seal(router, document);
        storage.write(folder, FullBackupDocument.FILE, document);
        storage.write(folder, BackupSeal.FILE, seal);
        return "backed up " + describe(contents);
    }

    private String restore(BackupStorage storage, String folder, Optional<String> key) {
        Pool pool = activated();
        byte[] document = storage.read(folder, FullBackupDocument.FILE);
        byte[] seal = storage.read(folder, BackupSeal.FILE);
        String domain = pool.securityDomain().domainId();
        try {
            BackupSeal.check(router, document, seal);
        } catch (BackupFailure refused) {
            // say "another security domain" when the document says so, rather than only "does not verify"
            String claimed = FullBackupDocument.claimedDomain(document);
            if (claimed != null && !claimed.equals(domain)) {
                throw BackupFailure.invalidBackup("the backup does not verify under this pool's security domain: it "
                        + "names security domain " + abbreviated(claimed) + " but this pool holds " + domain
                        + " (upload that security domain into a new pool first), or it was altered");
            }
            throw refused;
        }
        FullBackupDocument.header(document);
        PoolContents contents = FullBackupDocument.contents(document);
        if (key.isPresent()) {
            contents = new PoolContents(contents.keys().stream().filter(k -> k.name().equals(key.get())).toList(),
                    List.of(), List.of(), List.of(), java.util.Map.of());
            if (contents.keys().isEmpty()) {
                throw new BackupFailure("KeyNotFound", "the backup " + folder + " holds no key " + key.get());
            }
        }
        PoolContents opened = opened(contents);
        long head = store.backups().restore(opened, key);
        replayIntoNodes();
        return "restored " + describe(opened) + " (log at " + head + ")";
    }

    /** The contents with every version's facts as a node found them in its sealed key. */
    private PoolContents opened(PoolContents contents) {
        List<NewKeyVersion> all = new ArrayList<>();
        contents.keys().forEach(k -> all.addAll(k.versions()));
        List<NewKeyVersion> checked = SealedVersions.opened(router, all);
        List<PoolContents.PoolKey> keys = new ArrayList<>();
        int i = 0;
        for (PoolContents.PoolKey k : contents.keys()) {
            keys.add(new PoolContents.PoolKey(k.name(), checked.subList(i, i + k.versions().size()), k.deletion(),
                    k.rotationPolicy()));
            i += k.versions().size();
        }
        return new PoolContents(keys, contents.roleDefinitions(), contents.roleAssignments(), contents.principals(),
                contents.settings());
    }

    private void replayIntoNodes() {
        for (PoolNode node : registry.healthy()) {
            if (leadership.epoch().isEmpty()) {
                registry.needsCatchUp(node, "restore on a manager that does not lead");
            } else {
                catchUp.admit(node);
            }
        }
    }

    private static String describe(PoolContents c) {
        return c.keys().size() + " keys (" + c.versionCount() + " versions), " + c.roleDefinitions().size()
                + " role definitions, " + c.roleAssignments().size() + " role assignments, " + c.principals().size()
                + " service principals, " + c.settings().size() + " settings";
    }

    private Pool activated() {
        Pool pool = store.pool().orElseThrow();
        if (pool.state() != PoolState.Activated) {
            throw KeyVaultException.forbidden("Forbidden", "the pool is " + pool.state()
                    + ": activate it, or upload its security domain, first");
        }
        return pool;
    }

    private static String newId() {
        return HexFormat.of().formatHex(random(16));
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String abbreviated(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
