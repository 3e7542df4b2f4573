package org.hsmpool.pool.router;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.v1.HealthReply;
import org.hsmpool.nodeapi.v1.HealthRequest;
import org.hsmpool.nodeapi.v1.HsmNodeGrpc;
import org.hsmpool.pool.config.PoolConfig;
import org.hsmpool.pool.nodes.NodeRegistry;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.store.PoolStore;

import io.grpc.stub.StreamObserver;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends a call to a healthy node that holds the needed log entry, fewest calls in flight first
 * (random among equals), with a deadline. When no node is known to hold it (another manager made the
 * key version a moment ago), {@link EntryHolders} first finds out which do. What happens when a node fails is {@link FailedAttempt}
 * (eject, or catch up, and once more on another node; never again after a final answer), and how
 * the attempts run is {@link RoutedCall}. Calls that may run on two nodes at once (the cryptographic
 * operations, random bytes, reads of a key in a token) are hedged: without an answer within
 * {@code hsmpool.pool.timing.hedge-after} they go to a second node too and the first answer wins, so
 * a node that stops answering costs a caller that delay, not the deadline.
 *
 * <p>{@link #callAsync} does not hold a thread while the node works: the cryptographic calls of the
 * REST API use it from the event loop. The blocking calls run on this router's threads, so that a
 * hedge can start while the first attempt waits.
 */
@ApplicationScoped
public class NodeRouter {
    private final NodeRegistry registry;
    private final Duration deadline;
    private final Duration hedgeAfter;
    private final HedgeBudget hedges = new HedgeBudget();
    private final ExecutorService failures = Executors.newCachedThreadPool(daemon("node-router-failover"));
    private final ExecutorService blocking = Executors.newCachedThreadPool(daemon("node-router-call"));
    /**
     * Hedge timers: one per call, nearly all cancelled. A wheel ticking every 5 ms takes them without
     * waking a thread per call, as a scheduled executor does (docs/performance.md, "Thread hand-overs").
     */
    private final io.netty.util.HashedWheelTimer timer = new io.netty.util.HashedWheelTimer(daemon("node-router-hedge"),
            5, TimeUnit.MILLISECONDS, 512);

    private final EntryHolders holders;

    public NodeRouter(NodeRegistry registry, PoolStore store, PoolConfig config) {
        this.registry = registry;
        this.deadline = config.timing().nodeDeadline();
        this.hedgeAfter = config.timing().hedgeAfter();
        this.holders = new EntryHolders(registry, store, config.timing().healthDeadline(), blocking);
    }

    /**
     * A cryptographic call without waiting: {@code body} starts it on the asynchronous stub. The stage
     * completes on a gRPC I/O thread when a node answers, or on a thread of this router after a
     * failure; it fails with a {@link RoutingException}. Hedged.
     */
    public <T> CompletableFuture<T> callAsync(long seq, String what,
            BiConsumer<HsmNodeGrpc.HsmNodeStub, StreamObserver<T>> body) {
        List<PoolNode> candidates = candidates(seq);
        if (candidates.isEmpty() && seq > 0) { // a version another manager made a moment ago
            return holders.find(seq).thenCompose(found -> startAsync(candidates(seq), seq, what, body));
        }
        return startAsync(candidates, seq, what, body);
    }

    private <T> CompletableFuture<T> startAsync(List<PoolNode> candidates, long seq, String what,
            BiConsumer<HsmNodeGrpc.HsmNodeStub, StreamObserver<T>> body) {
        if (candidates.isEmpty()) {
            return CompletableFuture.failedFuture(noNode(what));
        }
        return RoutedCall.<T>start(this, candidates, seq, what, hedgeAfter,
                node -> node.client().callAsync(deadline, body)).thenApply(Routed::value);
    }

    /** A call that needs log entry {@code seq} (0: any healthy node will do), never on two nodes at once. */
    public <T> T call(long seq, String what, Function<HsmNodeGrpc.HsmNodeBlockingStub, T> body) {
        return call(seq, what, deadline, body);
    }

    public <T> T call(long seq, String what, Duration callDeadline,
            Function<HsmNodeGrpc.HsmNodeBlockingStub, T> body) {
        return route(seq, what, callDeadline, body).value();
    }

    /**
     * Like {@link #call}, for a call that may run on two nodes at once (it changes nothing in a token,
     * and either node's answer is right): hedged.
     */
    public <T> T callHedged(long seq, String what, Function<HsmNodeGrpc.HsmNodeBlockingStub, T> body) {
        return join(start(seq, what, deadline, hedgeAfter, (node, stub) -> body.apply(stub))).value();
    }

    /** An attempt of {@link #routeFresh} that did not give the call its answer. */
    @FunctionalInterface
    public interface Loser<T> {
        /** {@code lateAnswer}: its answer, which came after another's won; else {@code failure}. */
        void lost(PoolNode node, T lateAnswer, Throwable failure);
    }

    /** An answer and the node that gave it. */
    public record Routed<T>(PoolNode node, T value) {
    }

    /** Like {@link #call}, and says which node answered (the generator of a new key version). */
    public <T> Routed<T> route(long seq, String what, Duration callDeadline,
            Function<HsmNodeGrpc.HsmNodeBlockingStub, T> body) {
        return routeTo(seq, what, callDeadline, (node, stub) -> body.apply(stub));
    }

    /** Like {@link #route}, for a call that must know which node it is talking to. */
    public <T> Routed<T> routeTo(long seq, String what, Duration callDeadline,
            BiFunction<PoolNode, HsmNodeGrpc.HsmNodeBlockingStub, T> body) {
        return join(start(seq, what, callDeadline, null, body));
    }

    /**
     * A call that makes something new in a token (a key generation): never the same call on two nodes,
     * but each attempt its own ({@code body} gives a second attempt a fresh version id). A node that has
     * not answered within the hedge delay is asked for its health (a probe with a short deadline, which
     * touches its token); only when that goes unanswered too does a second attempt start on another
     * node, and the first answer wins. A live node may take seconds for an RSA key and is waited for;
     * a hung one costs the caller the hedge delay and the probe. Every attempt that does not give the
     * answer goes to {@code loser} once it ended, on a thread of this router, so that the caller can
     * remove what it may have made.
     */
    public <T> Routed<T> routeFresh(String what, Duration callDeadline,
            BiFunction<PoolNode, HsmNodeGrpc.HsmNodeBlockingStub, T> body, Loser<T> loser) {
        List<PoolNode> candidates = candidates(0);
        if (candidates.isEmpty()) {
            throw noNode(what);
        }
        return join(RoutedCall.start(this, candidates, 0, what, hedgeAfter, this::answersProbe, loser,
                node -> CompletableFuture.supplyAsync(() -> node.client().call(callDeadline, stub -> body.apply(node, stub)),
                        io.grpc.Context.current().fixedContextExecutor(blocking))));
    }

    /** Whether the node answers a health probe (its token included) within twice the hedge delay. */
    private CompletableFuture<Boolean> answersProbe(PoolNode node) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return node.client().call(hedgeAfter.multipliedBy(2), s -> s.health(HealthRequest.getDefaultInstance()))
                        .getStatus() == HealthReply.Status.SERVING;
            } catch (RuntimeException e) {
                return false;
            }
        }, blocking);
    }

    /**
     * Run a call on one particular node (replication pushes, admission, the security domain); it is
     * not retried and changes nothing about the node: a failure is the caller's, as a
     * {@link RoutingException}.
     */
    public <T> T callOn(PoolNode node, Duration callDeadline, Function<HsmNodeGrpc.HsmNodeBlockingStub, T> body) {
        node.callStarted();
        try {
            return node.client().call(callDeadline, body);
        } catch (NodeClient.NodeCallException e) {
            throw RoutingException.of(e);
        } finally {
            node.callEnded();
        }
    }

    private <T> CompletableFuture<Routed<T>> start(long seq, String what, Duration callDeadline, Duration hedge,
            BiFunction<PoolNode, HsmNodeGrpc.HsmNodeBlockingStub, T> body) {
        List<PoolNode> candidates = candidates(seq);
        if (candidates.isEmpty() && seq > 0) { // a version another manager made a moment ago
            holders.find(seq).join();
            candidates = candidates(seq);
        }
        if (candidates.isEmpty()) {
            return CompletableFuture.failedFuture(noNode(what));
        }
        return RoutedCall.start(this, candidates, seq, what, hedge, node -> {
            java.util.function.Supplier<T> once = () -> node.client().call(callDeadline, stub -> body.apply(node, stub));
            if (hedge == null) {
                return inline(once); // nothing runs beside it: the caller's thread waits for it, as before
            }
            // on a thread of ours, so that the hedge can start while it waits; the gRPC context goes along
            return CompletableFuture.supplyAsync(once, io.grpc.Context.current().fixedContextExecutor(blocking));
        });
    }

    private static <T> CompletableFuture<T> inline(java.util.function.Supplier<T> once) {
        try {
            return CompletableFuture.completedFuture(once.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static <T> Routed<T> join(CompletableFuture<Routed<T>> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** The effect of a failed attempt on its node ({@link FailedAttempt}): the one place it is applied. */
    public void failed(FailedAttempt kind, PoolNode node, String what, RoutingException error) {
        switch (kind) {
            case NODE_UNAVAILABLE -> registry.eject(node, what + ": " + error.detail());
            case NODE_BEHIND -> registry.needsCatchUp(node, what + ": " + error.detail());
            case FINAL -> {
                // the node is fine; the answer is the caller's
            }
        }
    }

    HedgeBudget hedges() {
        return hedges;
    }

    ExecutorService failures() {
        return failures;
    }

    io.netty.util.Timer timer() {
        return timer;
    }

    private static RoutingException noNode(String what) {
        return RoutingException.noNode(what);
    }

    private List<PoolNode> candidates(long seq) {
        return registry.healthy().stream().filter(n -> n.covers(seq))
                .map(n -> new Object[] {n, ThreadLocalRandom.current().nextInt()})
                .sorted(Comparator.<Object[]>comparingInt(o -> ((PoolNode) o[0]).inFlight())
                        .thenComparingInt(o -> (Integer) o[1]))
                .map(o -> (PoolNode) o[0]).toList();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @PreDestroy
    void close() {
        timer.stop();
        blocking.shutdownNow();
        failures.shutdownNow();
    }
}
