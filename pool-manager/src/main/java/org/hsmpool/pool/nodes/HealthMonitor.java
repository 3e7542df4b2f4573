package org.hsmpool.pool.nodes;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.v1.HealthReply;
import org.hsmpool.nodeapi.v1.HealthRequest;
import org.hsmpool.pool.config.PoolConfig;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Probes every node at a fixed interval. A healthy node that fails its probe is ejected, one that
 * answers is kept up to date ({@link NodeAdmission#keepUp}); a node that is not healthy and answers
 * is handed to {@link NodeAdmission}, and takes traffic only when admission (catch-up, or following
 * the leader's on another manager) succeeds. At every tick the nodes' positions recorded in the store
 * by the leader are learnt. Passive ejection (a failed call) happens in the router.
 */
@ApplicationScoped
public class HealthMonitor {
    private static final Logger LOG = Logger.getLogger(HealthMonitor.class);
    /** How often the pool's membership in the store is compared with this manager's nodes. */
    private static final int RECONCILE_EVERY_TICKS = 5;
    /** Probes a healthy node may miss in a row before it is ejected (one slow answer is not death). */
    private static final int MISSES_BEFORE_EJECTION = 2;

    private final NodeRegistry registry;
    private final NodeAdmission admission;
    private final PoolConfig config;
    private final Set<String> admitting = ConcurrentHashMap.newKeySet();
    /** One probe per node at a time: a slow probe is not counted twice. */
    private final Set<String> probing = ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, Integer> misses = new ConcurrentHashMap<>();
    private ScheduledExecutorService ticker;
    private ExecutorService workers;
    private long ticks;

    public HealthMonitor(NodeRegistry registry, NodeAdmission admission, PoolConfig config) {
        this.registry = registry;
        this.admission = admission;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "node-health");
            t.setDaemon(true);
            return t;
        });
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-health-ticker");
            t.setDaemon(true);
            return t;
        });
        long interval = config.timing().healthInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, 0, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (ticker != null) {
            ticker.shutdownNow();
            workers.shutdownNow();
        }
    }

    private void tick() {
        try {
            for (PoolNode node : registry.all()) {
                if (!admitting.contains(node.name()) && probing.add(node.name())) {
                    workers.submit(() -> {
                        try {
                            probe(node);
                        } finally {
                            probing.remove(node.name());
                        }
                    });
                }
            }
            registry.learnPositions();
            if (++ticks % RECONCILE_EVERY_TICKS == 0) {
                registry.reconcile();
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "health tick failed");
        }
    }

    private void probe(PoolNode node) {
        boolean up = answers(node);
        if (node.healthy()) {
            int missed = up ? 0 : misses.merge(node.name(), 1, Integer::sum);
            if (up) {
                misses.remove(node.name());
                keepUp(node);
            } else if (missed >= MISSES_BEFORE_EJECTION) {
                misses.remove(node.name());
                registry.eject(node, "missed " + missed + " health probes in a row");
            }
            return;
        }
        if (!up) {
            node.client().resetConnectBackoff();
            return;
        }
        if (!admitting.add(node.name())) {
            return;
        }
        try {
            registry.catchingUp(node);
            admission.admit(node);
        } catch (Exception e) {
            registry.eject(node, "catch-up failed: " + e.getMessage());
        } finally {
            admitting.remove(node.name());
        }
    }

    private void keepUp(PoolNode node) {
        try {
            admission.keepUp(node);
        } catch (RuntimeException e) {
            LOG.debugf("keeping %s up to date failed, will try again: %s", node.name(), e.getMessage());
        }
    }

    private boolean answers(PoolNode node) {
        try {
            HealthReply reply = node.client().call(config.timing().healthDeadline(),
                    s -> s.health(HealthRequest.getDefaultInstance()));
            return reply.getStatus() == HealthReply.Status.SERVING;
        } catch (NodeClient.NodeCallException e) {
            return false;
        }
    }
}
