package org.hsmpool.pool.replication;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.hsmpool.nodeapi.v1.InfoRequest;
import org.hsmpool.nodeapi.v1.NodeInfo;
import org.hsmpool.pool.nodes.NodeAdmission;
import org.hsmpool.pool.nodes.NodeRegistry;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.router.NodeRouter;
import org.hsmpool.pool.store.LogEntry;
import org.hsmpool.pool.store.LogKind;
import org.hsmpool.pool.store.Pool;
import org.hsmpool.pool.store.PoolState;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.SealedVersion;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Admission of a node: before activation any answering node may serve (there is nothing to hold).
 * After activation the node must hold this pool's domain keys — a new or wiped node receives them
 * from a healthy node, no administrator is needed — and a node of another domain is refused. A new
 * or wiped node then receives the versions the store holds now (a snapshot: no created-then-purged
 * history), in batches; a node that was only behind replays the log from what it is known to hold,
 * its created versions in batches too. It takes traffic once it has replayed to the head, and
 * replays once more after that for entries appended meanwhile.
 */
@ApplicationScoped
public class CatchUp implements NodeAdmission {
    private static final Logger LOG = Logger.getLogger(CatchUp.class);
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final int BATCH = 500;
    private static final int SNAPSHOT_PAGE = 1000;

    private final PoolStore store;
    private final NodeRegistry registry;
    private final NodeRouter router;
    private final LogApplier applier;
    private final DomainTransfer transfer;
    private final BulkImport bulk;
    private final Map<String, Lock> replays = new ConcurrentHashMap<>();
    /** The position last recorded in the store, by node. */
    private final Map<String, Long> recorded = new ConcurrentHashMap<>();

    public CatchUp(PoolStore store, NodeRegistry registry, NodeRouter router, LogApplier applier,
            DomainTransfer transfer, BulkImport bulk) {
        this.store = store;
        this.registry = registry;
        this.router = router;
        this.applier = applier;
        this.transfer = transfer;
        this.bulk = bulk;
    }

    @Override
    public void admit(PoolNode node) {
        Lock lock = replaying(node);
        lock.lock();
        try {
            admitAlone(node);
        } finally {
            lock.unlock();
        }
    }

    /**
     * One replay into a node at a time: admission (from the health monitor, or after a restore or an
     * import) and the leader's keeping up would otherwise import the same versions at once, and a node
     * refuses the second of two concurrent imports of one key.
     */
    private Lock replaying(PoolNode node) {
        return replays.computeIfAbsent(node.name(), n -> new ReentrantLock());
    }

    private void admitAlone(PoolNode node) {
        Optional<Pool> pool = store.pool();
        if (pool.isEmpty() || pool.get().state() != PoolState.Activated) {
            registry.admitted(node);
            return;
        }
        String domain = pool.get().securityDomain().domainId();
        NodeInfo info = router.callOn(node, DEADLINE, s -> s.info(InfoRequest.getDefaultInstance()));
        if (!info.getDomainInstalled()) {
            // what the store said it held is gone: other managers must not route to it on that word
            node.resetApplied(0);
            store.restartNodeProgress(node.name(), 0, Instant.now());
            PoolNode donor = registry.healthy().stream().filter(n -> n != node).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no healthy node to receive the domain keys from"));
            LOG.infof("node %s holds no domain keys: receiving them from %s, then the stored key versions",
                    node.name(), donor.name());
            transfer.transfer(donor, node);
            loadSnapshot(node);
        } else if (!info.getDomainId().equals(domain)) {
            throw new IllegalStateException("node " + node.name() + " belongs to security domain "
                    + info.getDomainId() + ", not " + domain + "; wipe its token to let it join");
        }
        int applied = replay(node);
        registry.admitted(node);
        applied += replay(node);
        record(node);
        if (applied > 0) {
            LOG.infof("node %s caught up: %d log entries applied, now at %d", node.name(), applied,
                    node.appliedSeq());
        }
    }

    /**
     * A manager that does not lead changes nothing in the node: it takes the node's position from the
     * store (what the leader verified), after the node showed it holds this pool's domain keys. In
     * that order: a wiped node's position is set back to 0 before it receives the domain keys again.
     */
    @Override
    public boolean follow(PoolNode node) {
        Optional<Pool> pool = store.pool();
        if (pool.isEmpty() || pool.get().state() != PoolState.Activated) {
            registry.admitted(node);
            return true;
        }
        NodeInfo info = router.callOn(node, DEADLINE, s -> s.info(InfoRequest.getDefaultInstance()));
        if (!info.getDomainInstalled()) {
            return false;
        }
        if (!info.getDomainId().equals(pool.get().securityDomain().domainId())) {
            throw new IllegalStateException("node " + node.name() + " belongs to security domain "
                    + info.getDomainId() + ", not " + pool.get().securityDomain().domainId());
        }
        node.resetApplied(registry.recordedPosition(node));
        registry.admitted(node);
        return true;
    }

    /**
     * On the leader, for a node that takes traffic: replay what it is not known to hold (entries other
     * managers appended and pushed; importing a version twice is harmless), then record its position
     * when it moved.
     */
    @Override
    public void keepUp(PoolNode node) {
        Lock lock = replaying(node);
        if (!lock.tryLock()) {
            return; // an admission replays into it now
        }
        try {
            if (node.appliedSeq() < store.logHead()) {
                replay(node);
            }
            if (node.appliedSeq() > recorded.getOrDefault(node.name(), -1L)) {
                record(node);
            }
        } finally {
            lock.unlock();
        }
    }

    private void record(PoolNode node) {
        long position = registry.recordProgress(node);
        if (position >= 0) {
            recorded.put(node.name(), position);
        }
    }

    /**
     * Give an empty token every stored version, then count the node at the log head read before: a
     * version created meanwhile is imported again by the replay (harmless), one purged meanwhile is
     * destroyed by it.
     */
    private void loadSnapshot(PoolNode node) {
        long head = store.logHead();
        BulkImport.Pipeline imports = bulk.to(node);
        long after = 0;
        List<SealedVersion> page;
        while (!(page = store.sealedVersions(after, SNAPSHOT_PAGE)).isEmpty()) {
            for (SealedVersion v : page) {
                imports.add(v.versionId(), v.sealedKey());
            }
            after = page.get(page.size() - 1).createdSeq();
        }
        int sent = imports.finish();
        node.resetApplied(head);
        LOG.infof("node %s received the %d stored key versions up to log position %d", node.name(), sent, head);
    }

    private int replay(PoolNode node) {
        int applied = 0;
        List<LogEntry> batch;
        while (!(batch = store.readLog(node.appliedSeq(), BATCH)).isEmpty()) {
            BulkImport.Pipeline imports = bulk.to(node);
            for (LogEntry entry : batch) {
                if (node.covers(entry.seq())) {
                    continue;
                }
                if (entry.kind() == LogKind.KEY_VERSION_CREATED) {
                    store.versionById(entry.versionId()).ifPresent(v -> imports.add(v.versionId(), v.sealedKey()));
                } else {
                    if (entry.kind() == LogKind.KEY_PURGED) {
                        imports.finish(); // a purge must not overtake the import of what it purges
                    }
                    applier.apply(node, entry);
                }
                applied++;
            }
            imports.finish();
            for (LogEntry entry : batch) {
                node.applied(entry.seq());
            }
        }
        return applied;
    }
}
