package org.hsmpool.pool.keys;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.hsmpool.pool.config.PoolConfig;
import org.hsmpool.pool.leader.Leadership;
import org.hsmpool.pool.store.DeletedKey;
import org.hsmpool.pool.store.KeyRotationPolicy;
import org.hsmpool.pool.store.KeyVersion;
import org.hsmpool.pool.store.PoolState;
import org.hsmpool.pool.store.PoolStore;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * What the pool does to keys on its own, every {@code hsmpool.pool.timing.maintenance-interval}:
 * purge the deleted keys whose retention ended, and rotate the keys whose rotation policy says
 * they are due. A failure is logged and tried again on the next pass. Only the leader's passes run
 * ({@link Leadership}), and their writes are fenced by its epoch: two managers never rotate one key
 * twice for one due date.
 */
@ApplicationScoped
public class KeyMaintenance {
    private static final Logger LOG = Logger.getLogger(KeyMaintenance.class);
    private static final int BATCH = 100;

    private final PoolStore store;
    private final KeyService keys;
    private final Leadership leadership;
    private final long intervalMillis;
    private ScheduledExecutorService ticker;

    public KeyMaintenance(PoolStore store, KeyService keys, Leadership leadership, PoolConfig config) {
        this.store = store;
        this.keys = keys;
        this.leadership = leadership;
        this.intervalMillis = config.timing().maintenanceInterval().toMillis();
    }

    void start(@Observes StartupEvent event) {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "key-maintenance");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::pass, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    /** One pass, on the leader only; public for tests that do not want to wait for the ticker. */
    public void pass() {
        leadership.runAsLeader(this::leaderPass);
    }

    private void leaderPass() {
        try {
            if (store.pool().map(p -> p.state() != PoolState.Activated).orElse(true)) {
                return;
            }
            purgeDue(Instant.now());
            rotateDue(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("key maintenance pass failed, will try again: %s", e.toString());
        }
    }

    private void purgeDue(Instant now) {
        for (DeletedKey due : store.deletedKeysDue(now, BATCH)) {
            try {
                keys.purge(due.name());
                LOG.infof("purged deleted key %s: its retention ended at %s", due.name(), due.scheduledPurgeAt());
            } catch (KeyException e) {
                LOG.warnf("could not purge deleted key %s, will try again: %s", due.name(), e.getMessage());
            }
        }
    }

    private void rotateDue(Instant now) {
        for (KeyRotationPolicy stored : store.rotationPolicies()) {
            RotationPolicy policy = RotationPolicies.fromJson(stored.policyJson(), stored.created(), stored.updated());
            KeyVersion latest = store.latestVersion(stored.name()).orElse(null);
            if (latest == null) {
                continue;
            }
            Instant due = policy.rotationDue(latest.created(), latest.properties().expires());
            if (due == null || now.isBefore(due)) {
                continue;
            }
            try {
                ManagedKey rotated = keys.rotate(stored.name());
                LOG.infof("rotated key %s by its rotation policy: new version %s", stored.name(), rotated.version());
            } catch (KeyException e) {
                LOG.warnf("could not rotate key %s by its policy, will try again: %s", stored.name(), e.getMessage());
            }
        }
    }
}
