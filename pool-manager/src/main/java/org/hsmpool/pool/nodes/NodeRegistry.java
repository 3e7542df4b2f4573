package org.hsmpool.pool.nodes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.pool.tls.ManagerTls;
import org.hsmpool.pool.config.PoolConfig;
import org.hsmpool.pool.store.NodeState;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.StoreException;
import org.jboss.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The pool's nodes, from provisioning configuration, registered in the store on first sight. Every
 * node starts as JOINING in a new manager process and takes traffic only after admission.
 */
@ApplicationScoped
public class NodeRegistry {
    private static final Logger LOG = Logger.getLogger(NodeRegistry.class);

    private final PoolStore store;
    private final Map<String, PoolNode> nodes = new TreeMap<>();

    public NodeRegistry(PoolConfig config, PoolStore store, ManagerTls tls) {
        this.store = store;
        config.nodes().forEach((name, endpoint) -> {
            int colon = endpoint.lastIndexOf(':');
            if (colon < 1) {
                throw new IllegalStateException("node " + name + ": endpoint must be host:port, got " + endpoint);
            }
            String host = endpoint.substring(0, colon);
            int port = Integer.parseInt(endpoint.substring(colon + 1));
            long applied = store.node(name).map(n -> n.appliedSeq()).orElseGet(() -> {
                store.addNode(name, endpoint);
                return 0L;
            });
            NodeClient client = NodeClient.connect(host, port, tls.rotating(),
                    org.hsmpool.nodeapi.pki.PoolIdentity.node(name), config.timing().nodeDeadline());
            nodes.put(name, new PoolNode(name, endpoint, client, applied));
            recordState(name, NodeState.JOINING);
        });
        LOG.infof("pool has %d nodes: %s", nodes.size(), nodes.keySet());
    }

    public List<PoolNode> all() {
        return Collections.unmodifiableList(new ArrayList<>(nodes.values()));
    }

    public List<PoolNode> healthy() {
        return nodes.values().stream().filter(PoolNode::healthy).toList();
    }

    public Optional<PoolNode> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    /** Take a node out of traffic (a failed call or probe); the health monitor re-admits it. */
    public void eject(PoolNode node, String why) {
        if (node.state() != NodeState.EJECTED) {
            LOG.warnf("node %s ejected: %s", node.name(), why);
        }
        node.state(NodeState.EJECTED, why);
        recordState(node.name(), NodeState.EJECTED);
    }

    /** A responsive node that must replay the log before it takes traffic again. */
    public void needsCatchUp(PoolNode node, String why) {
        if (node.state() == NodeState.HEALTHY) {
            LOG.infof("node %s must catch up: %s", node.name(), why);
            node.state(NodeState.CATCHING_UP, why);
            recordState(node.name(), NodeState.CATCHING_UP);
        }
    }

    void catchingUp(PoolNode node) {
        node.state(NodeState.CATCHING_UP, "");
        recordState(node.name(), NodeState.CATCHING_UP);
    }

    public void admitted(PoolNode node) {
        if (node.state() != NodeState.HEALTHY) {
            LOG.infof("node %s takes traffic (log position %d)", node.name(), node.appliedSeq());
        }
        node.state(NodeState.HEALTHY, "");
        recordState(node.name(), NodeState.HEALTHY);
    }

    /**
     * Persist what a node has applied (never below what the store has), so that the other managers
     * and a restarted one learn it; the position recorded, or -1 if the store refused.
     */
    public long recordProgress(PoolNode node) {
        try {
            long head = store.logHead();
            return store.recordNodeProgress(node.name(), Math.min(node.appliedSeq(), head), Instant.now())
                    .appliedSeq();
        } catch (StoreException e) {
            LOG.debugf("progress of %s not recorded: %s", node.name(), e.getMessage());
            return -1;
        }
    }

    /**
     * What the store says the nodes that take traffic hold (what other managers recorded): each
     * node's position moves up to it, never down.
     */
    public void learnPositions() {
        try {
            for (var recorded : store.nodes()) {
                PoolNode node = nodes.get(recorded.name());
                if (node != null && node.healthy()) {
                    node.learn(recorded.appliedSeq());
                }
            }
        } catch (StoreException e) {
            LOG.debugf("positions not read: %s", e.getMessage());
        }
    }

    /** The position of a node in the store (0 when the store has none). */
    public long recordedPosition(PoolNode node) {
        return store.node(node.name()).map(n -> n.appliedSeq()).orElse(0L);
    }

    private void recordState(String name, NodeState next) {
        try {
            store.node(name).ifPresent(n -> {
                if (n.state() != next) {
                    store.changeNodeState(name, n.state(), next);
                }
            });
        } catch (StoreException e) {
            LOG.debugf("state of %s not recorded: %s", name, e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        nodes.values().forEach(n -> n.client().close());
    }
}
