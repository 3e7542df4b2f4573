package org.hsmpool.pool.nodes;

import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.pool.store.NodeState;

/**
 * One node: its client, its state, and which replication log entries it holds. {@link #appliedSeq}
 * is the prefix of the log the node holds completely; entries pushed above it are remembered in
 * {@code ahead} until the prefix reaches them, so that the router can send a call for a new key
 * version to a node that received it even while older pushes are still in flight.
 */
public final class PoolNode {
    private final String name;
    private final String endpoint;
    private final NodeClient client;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();
    private final ConcurrentSkipListSet<Long> ahead = new ConcurrentSkipListSet<>();
    private volatile NodeState state = NodeState.JOINING;
    private volatile long appliedSeq;
    private volatile String lastProblem = "";
    private volatile String mlDsaHolder = "";

    public PoolNode(String name, String endpoint, NodeClient client, long appliedSeq) {
        this.name = name;
        this.endpoint = endpoint;
        this.client = client;
        this.appliedSeq = appliedSeq;
    }

    public String name() {
        return name;
    }

    public String endpoint() {
        return endpoint;
    }

    public NodeClient client() {
        return client;
    }

    public NodeState state() {
        return state;
    }

    void state(NodeState next, String problem) {
        this.state = next;
        this.lastProblem = problem == null ? "" : problem;
    }

    public String lastProblem() {
        return lastProblem;
    }

    /** Where this node holds ML-DSA keys as it said ({@code token}, {@code node-process}); empty until asked. */
    public String mlDsaHolder() {
        return mlDsaHolder;
    }

    public void mlDsaHolder(String holder) {
        this.mlDsaHolder = holder == null ? "" : holder;
    }

    public boolean healthy() {
        return state == NodeState.HEALTHY;
    }

    /** Whether the node holds the log entry {@code seq} (0 means: nothing is needed). */
    public boolean covers(long seq) {
        return seq <= appliedSeq || ahead.contains(seq);
    }

    public long appliedSeq() {
        return appliedSeq;
    }

    /** The node now holds entry {@code seq}; advances the prefix over what is contiguous. */
    public synchronized void applied(long seq) {
        if (seq <= appliedSeq) {
            return;
        }
        ahead.add(seq);
        while (ahead.remove(appliedSeq + 1)) {
            appliedSeq++;
        }
    }

    /**
     * Another manager (through the store) or the node itself showed that it holds the log up to
     * {@code seq}: the prefix moves up to it, never down.
     */
    public synchronized void learn(long seq) {
        if (seq <= appliedSeq) {
            return;
        }
        appliedSeq = seq;
        ahead.headSet(seq, true).clear();
        while (ahead.remove(appliedSeq + 1)) {
            appliedSeq++;
        }
    }

    /** Start again from {@code seq} (a wiped node starts from 0). */
    public synchronized void resetApplied(long seq) {
        ahead.clear();
        appliedSeq = seq;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public void callStarted() {
        inFlight.incrementAndGet();
    }

    public void callEnded() {
        inFlight.decrementAndGet();
        served.incrementAndGet();
    }

    /** Calls this manager process has sent to the node (answered or not). */
    public long served() {
        return served.get();
    }

    @Override
    public String toString() {
        return name + "[" + state + ", applied " + appliedSeq + "]";
    }
}
