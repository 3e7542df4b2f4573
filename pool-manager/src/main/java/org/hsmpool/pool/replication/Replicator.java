package org.hsmpool.pool.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.hsmpool.nodeapi.v1.GenerateKeyRequest;
import org.hsmpool.nodeapi.v1.KeyMaterial;
import org.hsmpool.nodeapi.v1.KeyRequest;
import org.hsmpool.pool.config.PoolConfig;
import org.hsmpool.pool.nodes.NodeRegistry;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.router.FailedAttempt;
import org.hsmpool.pool.router.NodeRouter;
import org.hsmpool.pool.router.RoutingException;
import org.hsmpool.pool.store.KeyVersion;
import org.hsmpool.pool.store.NewKeyVersion;
import org.hsmpool.pool.store.PoolStore;
import org.jboss.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes that change key material. A new version: generated in one node's token, appended to the
 * store (durable, with its log entry, in one transaction), then pushed as a sealed key to every
 * other healthy node in parallel. The caller is answered after the pushes ended, so the version
 * is on a second node whenever another healthy node exists; a node whose push failed catches up
 * from the log before it takes traffic again. A push that takes longer than the hedge delay (a node
 * that stopped answering) is not waited for once another node holds the version: it goes on, and
 * the router sends the version's calls only to nodes that hold it.
 */
@ApplicationScoped
public class Replicator {
    private static final Logger LOG = Logger.getLogger(Replicator.class);
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final PoolStore store;
    private final NodeRegistry registry;
    private final NodeRouter router;
    private final LogApplier applier;
    private final Duration generateDeadline;
    private final Duration pushDeadline;
    private final Duration pushPatience;
    private final ExecutorService pushes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "replication-push");
        t.setDaemon(true);
        return t;
    });

    public Replicator(PoolStore store, NodeRegistry registry, NodeRouter router, LogApplier applier,
            PoolConfig config) {
        this.store = store;
        this.registry = registry;
        this.router = router;
        this.applier = applier;
        this.generateDeadline = config.timing().generateDeadline();
        this.pushDeadline = config.timing().nodeDeadline().multipliedBy(2);
        this.pushPatience = config.timing().hedgeAfter();
    }

    /** What a new version looks like to the store, once a node generated its material. */
    public interface VersionRecord {
        NewKeyVersion make(KeyMaterial generated);
    }

    /**
     * A new version generated in a node's token, under the request's version id, or under a fresh one
     * when a second node generates it ({@link NodeRouter#routeFresh}: the first node failed, or hung and
     * missed its probe). The version the store appends is the one that answered first; one generated
     * by the other node is destroyed there when its answer comes. Two nodes never hold different keys
     * under one version id, and a version id is in the log only with the key its node answered.
     */
    public KeyVersion generate(GenerateKeyRequest request, VersionRecord record) {
        java.util.Map<PoolNode, String> tried = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        NodeRouter.Routed<KeyMaterial> made = router.routeFresh("key generation", generateDeadline, (node, s) -> {
            String id = first.getAndSet(false) ? request.getKeyId() : freshVersionId();
            tried.put(node, id);
            return s.generateKey(request.toBuilder().setKeyId(id).build());
        }, (node, late, failure) -> {
            String id = late != null ? late.getKeyId() : tried.get(node);
            if (id == null || failure instanceof RoutingException e
                    && FailedAttempt.ofPush(e) != FailedAttempt.NODE_UNAVAILABLE) {
                return; // the node answered with a refusal: it made nothing
            }
            // a late answer made its key; a call cut off (deadline, a connection reset when a stopped node
            // wakes) may have made it or be making it still: keep asking until it is gone or long enough
            sweep(node, id, late != null ? "another node's answer came first" : "its generation was cut off",
                    late != null ? Duration.ofSeconds(10) : generateDeadline);
        });
        return commit(made, record);
    }

    /**
     * A new version that one node makes from a call ({@code make}: generate, import, or take in a
     * sealed key from a backup), then stored and pushed as {@link #generate} does. The call may run
     * again on another node if the first one is unavailable.
     */
    public KeyVersion create(String what, String keyId,
            java.util.function.Function<org.hsmpool.nodeapi.v1.HsmNodeGrpc.HsmNodeBlockingStub, KeyMaterial> make,
            VersionRecord record) {
        return createOn(what, keyId, (node, stub) -> make.apply(stub), record);
    }

    /** Like {@link #create}, for a call that must know which node makes the version (key import). */
    public KeyVersion createOn(String what, String keyId, java.util.function.BiFunction<PoolNode,
            org.hsmpool.nodeapi.v1.HsmNodeGrpc.HsmNodeBlockingStub, KeyMaterial> make, VersionRecord record) {
        return commit(router.routeTo(0, what, generateDeadline, make), record);
    }

    private KeyVersion commit(NodeRouter.Routed<KeyMaterial> made, VersionRecord record) {
        NewKeyVersion version = record.make(made.value());
        String keyId = made.value().getKeyId();
        long seq;
        try {
            seq = store.appendKeyVersion(version, new byte[0]);
        } catch (RuntimeException e) {
            if (store.versionById(keyId).isEmpty()) { // never destroy an object a stored version owns
                discard(made.node(), keyId, "the store refused it");
            }
            throw e;
        }
        made.node().applied(seq);
        push(made.node(), seq, version);
        return store.versionById(version.versionId()).orElseThrow();
    }

    private void push(PoolNode generator, long seq, NewKeyVersion version) {
        List<CompletableFuture<Void>> running = new ArrayList<>();
        CompletableFuture<Void> onSecondNode = new CompletableFuture<>();
        KeyVersion stored = store.versionById(version.versionId()).orElseThrow();
        for (PoolNode node : registry.healthy()) {
            if (node == generator) {
                continue;
            }
            running.add(CompletableFuture.runAsync(() -> {
                try {
                    applier.importInto(node, stored);
                    node.applied(seq);
                    onSecondNode.complete(null);
                } catch (RoutingException e) {
                    router.failed(FailedAttempt.ofPush(e), node, "replication push", e);
                }
            }, pushes));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(running.toArray(CompletableFuture[]::new));
        try {
            try {
                all.get(pushPatience.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException slow) {
                CompletableFuture.anyOf(all, onSecondNode).get(pushDeadline.minus(pushPatience).toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            LOG.warnf("replication of %s to some node took longer than %s; it will catch up", version.versionId(),
                    pushDeadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warnf(e.getCause(), "replication push of %s failed", version.versionId());
        }
    }

    /**
     * Apply the log entries after {@code seq} (a purge) to every healthy node now; a node that fails
     * is sent to catch up, which applies them again.
     */
    public void applyAfter(long seq) {
        List<org.hsmpool.pool.store.LogEntry> entries = store.readLog(seq, 1000);
        for (PoolNode node : registry.healthy()) {
            try {
                for (org.hsmpool.pool.store.LogEntry entry : entries) {
                    applier.apply(node, entry);
                }
            } catch (RoutingException e) {
                registry.needsCatchUp(node, "applying log entries failed: " + e.getMessage());
            }
        }
    }

    private void discard(PoolNode node, String versionId, String why) {
        try {
            router.callOn(node, Duration.ofSeconds(10),
                    s -> s.deleteKey(KeyRequest.newBuilder().setKeyId(versionId).build()));
        } catch (RuntimeException e) {
            LOG.warnf("generated key version %s could not be removed from %s after %s: %s", versionId, node.name(), why,
                    e.getMessage());
        }
    }

    /**
     * Removes a generated version that lost (never the store's: checked first) from {@code node}, until
     * the node says it deleted it, or, for {@code patience}, while it says it does not hold it (yet):
     * the generation of a call that was cut off may still finish there. One call a second.
     */
    private void sweep(PoolNode node, String versionId, String why, Duration patience) {
        long until = System.nanoTime() + patience.toNanos();
        String last = "not held";
        do {
            try {
                if (store.versionById(versionId).isPresent()) {
                    return; // never destroy an object a stored version owns
                }
                if (router.callOn(node, Duration.ofSeconds(5), s -> s.deleteKey(KeyRequest.newBuilder()
                        .setKeyId(versionId).build())).getDeleted()) {
                    LOG.infof("generated key version %s removed from %s: %s", versionId, node.name(), why);
                    return;
                }
                last = "not held";
            } catch (RuntimeException e) {
                last = e.getMessage();
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
                return;
            }
        } while (System.nanoTime() < until);
        LOG.debugf("generated key version %s not found on %s (%s): %s", versionId, node.name(), why, last);
    }

    /** A version id as the key service makes them (32 hex), for a second node's attempt. */
    private static String freshVersionId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return java.util.HexFormat.of().formatHex(id);
    }

    @PreDestroy
    void close() {
        pushes.shutdownNow();
    }

}
