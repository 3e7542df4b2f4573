package org.hsmpool.pool.nodes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.pool.tls.ManagerTls;
import org.hsmpool.pool.config.PoolConfig;
import org.hsmpool.pool.store.NodeMember;
import org.hsmpool.pool.store.NodeState;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.StoreException;
import org.jboss.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The pool's nodes: those of the configuration plus the ones added at run time minus the ones
 * removed at run time ({@link NodeMembership}; the changes are in the store, so every manager of it
 * follows them, within one {@link #reconcile} of each other). A node is registered in the store on
 * first sight; every node starts as JOINING in a new manager process and takes traffic only after
 * admission.
 */
@ApplicationScoped
public class NodeRegistry {
    private static final Logger LOG = Logger.getLogger(NodeRegistry.class);

    private final PoolConfig config;
    private final PoolStore store;
    private final ManagerTls tls;
    private final io.netty.channel.EventLoopGroup loops;
    private final Map<String, PoolNode> nodes = new ConcurrentSkipListMap<>();
    private final List<Consumer<PoolNode>> onAdded = new CopyOnWriteArrayList<>();
    private final List<Consumer<PoolNode>> onRemoved = new CopyOnWriteArrayList<>();

    public NodeRegistry(PoolConfig config, PoolStore store, ManagerTls tls, io.vertx.core.Vertx vertx) {
        this.config = config;
        this.store = store;
        this.tls = tls;
        // a channel per Vert.x event loop: a request's node call stays on the loop that received it
        this.loops = vertx.nettyEventLoopGroup();
        config.nodes().forEach((name, endpoint) -> {
            if (endpoint.lastIndexOf(':') < 1) {
                throw new IllegalStateException("node " + name + ": endpoint must be host:port, got " + endpoint);
            }
        });
        NodeMembership.members(config.nodes(), store.nodeMembership()).forEach(this::register);
        LOG.infof("pool has %d nodes: %s", nodes.size(), nodes.keySet());
    }

    private synchronized PoolNode register(String name, String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        String host = endpoint.substring(0, colon);
        int port = Integer.parseInt(endpoint.substring(colon + 1));
        long applied = store.node(name).map(n -> n.appliedSeq()).orElseGet(() -> {
            try {
                store.addNode(name, endpoint);
            } catch (StoreException e) {
                if (e.code() != StoreException.Code.CONFLICT) {
                    throw e;
                }
                // another manager registered it meanwhile: at position 0 too
            }
            return 0L;
        });
        NodeClient client = NodeClient.connect(host, port, tls.rotating(),
                org.hsmpool.nodeapi.pki.PoolIdentity.node(name), config.timing().nodeDeadline(), loops, tls.engine());
        PoolNode node = new PoolNode(name, endpoint, client, applied);
        nodes.put(name, node);
        recordState(name, NodeState.JOINING);
        onAdded.forEach(listener -> listener.accept(node));
        return node;
    }

    /** Called with every node registered from now on (metrics). */
    public void onAdded(Consumer<PoolNode> listener) {
        onAdded.add(listener);
    }

    /** Called with every node removed from now on, here or (at a {@link #reconcile}) by another manager (metrics). */
    public void onRemoved(Consumer<PoolNode> listener) {
        onRemoved.add(listener);
    }

    /**
     * Adds a node at run time: recorded in the store (so every manager and every restart has it)
     * and registered here as JOINING; the health monitor admits it (domain keys from a healthy node,
     * then every stored key version) once it answers as the pool-CA certified {@code name}.
     */
    public synchronized PoolNode add(String name, String endpoint) {
        NodeMember change;
        try {
            change = new NodeMember(name, endpoint, false, Instant.now());
        } catch (StoreException e) {
            throw new MembershipException(MembershipException.Code.INVALID, e.getMessage());
        }
        if (nodes.containsKey(name)) {
            throw new MembershipException(MembershipException.Code.CONFLICT, "the pool has a node named " + name
                    + " (at " + nodes.get(name).endpoint() + "); remove it first or choose another name");
        }
        PoolNode same = nodes.values().stream().filter(n -> n.endpoint().equals(endpoint)).findFirst().orElse(null);
        if (same != null) {
            throw new MembershipException(MembershipException.Code.CONFLICT, "node " + same.name() + " already has the"
                    + " endpoint " + endpoint);
        }
        store.recordMembership(change);
        LOG.infof("node %s added at %s", name, endpoint);
        return register(name, endpoint);
    }

    /**
     * Removes a node at run time: it takes no traffic from this manager at once, and from the
     * others at their next {@link #reconcile}. Refused for the last HEALTHY node of an activated pool,
     * whose token may be the only holder of the domain keys.
     */
    public synchronized void remove(String name, boolean activated) {
        PoolNode node = nodes.get(name);
        if (node == null) {
            throw new MembershipException(MembershipException.Code.NOT_FOUND, "the pool has no node " + name
                    + "; its nodes: " + nodes.keySet());
        }
        if (activated && healthy().stream().noneMatch(n -> n != node)) {
            throw new MembershipException(MembershipException.Code.CONFLICT, "no other node is HEALTHY, so removing "
                    + name + " could lose the pool's domain keys; add a node first or wait until another one is"
                    + " HEALTHY");
        }
        store.recordMembership(new NodeMember(name, node.endpoint(), true, Instant.now()));
        drop(node);
        LOG.infof("node %s removed", name);
    }

    /**
     * Follows the membership changes another manager made: registers the nodes it added, drops the
     * ones it removed.
     */
    public synchronized void reconcile() {
        Map<String, String> members;
        try {
            members = NodeMembership.members(config.nodes(), store.nodeMembership());
        } catch (StoreException e) {
            LOG.debugf("node membership not read: %s", e.getMessage());
            return;
        }
        for (PoolNode node : List.copyOf(nodes.values())) {
            String endpoint = members.get(node.name());
            if (endpoint == null || !endpoint.equals(node.endpoint())) {
                LOG.infof("node %s was removed or moved by another manager", node.name());
                drop(node);
            }
        }
        members.forEach((name, endpoint) -> {
            if (!nodes.containsKey(name)) {
                LOG.infof("node %s was added by another manager at %s", name, endpoint);
                register(name, endpoint);
            }
        });
    }

    private void drop(PoolNode node) {
        if (!nodes.remove(node.name(), node)) {
            return;
        }
        node.state(NodeState.EJECTED, "removed from the pool");
        onRemoved.forEach(listener -> listener.accept(node));
        // calls in flight on it end (or fail over) on their own; its channel closes off this thread
        Thread closing = new Thread(() -> node.client().close(), "close-" + node.name());
        closing.setDaemon(true);
        closing.start();
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
