package org.hsmpool.pool.replication;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.hsmpool.nodeapi.v1.InfoRequest;
import org.hsmpool.nodeapi.v1.NodeInfo;
import org.hsmpool.pool.nodes.NodeAdmission;
import org.hsmpool.pool.nodes.NodeRegistry;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.router.NodeRouter;
import org.hsmpool.pool.store.LogEntry;
import org.hsmpool.pool.store.Pool;
import org.hsmpool.pool.store.PoolState;
import org.hsmpool.pool.store.PoolStore;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Admission of a node: before activation any answering node may serve (there is nothing to hold).
 * After activation the node must hold this pool's domain keys — a new or wiped node receives them
 * from a healthy node, no administrator is needed — and then replays the log from what it is known
 * to hold; a node of another domain is refused. It takes traffic once it has replayed to the head,
 * and replays once more after that for entries appended meanwhile.
 */
@ApplicationScoped
public class CatchUp implements NodeAdmission {
    private static final Logger LOG = Logger.getLogger(CatchUp.class);
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final int BATCH = 500;

    private final PoolStore store;
    private final NodeRegistry registry;
    private final NodeRouter router;
    private final LogApplier applier;
    private final DomainTransfer transfer;

    public CatchUp(PoolStore store, NodeRegistry registry, NodeRouter router, LogApplier applier,
            DomainTransfer transfer) {
        this.store = store;
        this.registry = registry;
        this.router = router;
        this.applier = applier;
        this.transfer = transfer;
    }

    @Override
    public void admit(PoolNode node) {
        Optional<Pool> pool = store.pool();
        if (pool.isEmpty() || pool.get().state() != PoolState.Activated) {
            registry.admitted(node);
            return;
        }
        String domain = pool.get().securityDomain().domainId();
        NodeInfo info = router.callOn(node, DEADLINE, s -> s.info(InfoRequest.getDefaultInstance()));
        if (!info.getDomainInstalled()) {
            PoolNode donor = registry.healthy().stream().filter(n -> n != node).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no healthy node to receive the domain keys from"));
            LOG.infof("node %s holds no domain keys: receiving them from %s, then replaying the log from the start",
                    node.name(), donor.name());
            transfer.transfer(donor, node);
            node.resetApplied(0);
        } else if (!info.getDomainId().equals(domain)) {
            throw new IllegalStateException("node " + node.name() + " belongs to security domain "
                    + info.getDomainId() + ", not " + domain + "; wipe its token to let it join");
        }
        int applied = replay(node);
        registry.admitted(node);
        applied += replay(node);
        if (applied > 0) {
            LOG.infof("node %s caught up: %d log entries applied, now at %d", node.name(), applied,
                    node.appliedSeq());
        }
    }

    private int replay(PoolNode node) {
        int applied = 0;
        List<LogEntry> batch;
        while (!(batch = store.readLog(node.appliedSeq(), BATCH)).isEmpty()) {
            for (LogEntry entry : batch) {
                if (!node.covers(entry.seq())) {
                    applier.apply(node, entry);
                    applied++;
                } else {
                    node.applied(entry.seq());
                }
            }
        }
        return applied;
    }
}
