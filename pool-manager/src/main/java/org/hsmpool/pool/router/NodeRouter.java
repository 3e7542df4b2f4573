package org.hsmpool.pool.router;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.v1.HsmNodeGrpc;
import org.hsmpool.nodeapi.v1.NodeError;
import org.hsmpool.pool.config.PoolConfig;
import org.hsmpool.pool.nodes.NodeRegistry;
import org.hsmpool.pool.nodes.PoolNode;

import io.grpc.stub.StreamObserver;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends a call to a healthy node that holds the needed log entry, fewest calls in flight first
 * (random among equals). On UNAVAILABLE (transport failure, deadline) the node is ejected and the
 * call goes once to another node; on KEY_NOT_FOUND the node is sent to catch up and the call goes
 * once to another node. Any other answer is final: a bad request is never retried.
 *
 * <p>{@link #callAsync} does the same without holding a thread while the node works: the cryptographic
 * calls of the REST API use it from the event loop. Its failures are handled (ejecting, catch-up,
 * the second attempt) on a thread of its own, because recording a node's state writes the store.
 */
@ApplicationScoped
public class NodeRouter {
    private final NodeRegistry registry;
    private final Duration deadline;
    private final ExecutorService failures = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "node-router-failover");
        t.setDaemon(true);
        return t;
    });

    public NodeRouter(NodeRegistry registry, PoolConfig config) {
        this.registry = registry;
        this.deadline = config.timing().nodeDeadline();
    }

    /**
     * As {@link #call}, without waiting: {@code body} starts the call on the asynchronous stub. The
     * stage completes on a gRPC I/O thread when the first node answers, or on a thread of this router
     * after a retry; it fails with a {@link RoutingException}.
     */
    public <T> CompletableFuture<T> callAsync(long seq, String what,
            BiConsumer<HsmNodeGrpc.HsmNodeStub, StreamObserver<T>> body) {
        List<PoolNode> candidates = candidates(seq);
        if (candidates.isEmpty()) {
            return CompletableFuture.failedFuture(
                    new RoutingException("no healthy node holds what " + what + " needs", null, null));
        }
        return attempt(candidates, 0, seq, what, body, null);
    }

    private <T> CompletableFuture<T> attempt(List<PoolNode> candidates, int attempt, long seq, String what,
            BiConsumer<HsmNodeGrpc.HsmNodeStub, StreamObserver<T>> body, RoutingException first) {
        PoolNode node = candidates.get(attempt);
        node.callStarted();
        CompletableFuture<T> answer;
        try {
            answer = node.client().callAsync(deadline, body);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        answer.whenComplete((value, failure) -> {
            node.callEnded();
            if (failure == null) {
                result.complete(value);
                return;
            }
            failures.execute(() -> {
                Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause()
                        : failure;
                if (!(cause instanceof NodeClient.NodeCallException e)) {
                    result.completeExceptionally(cause);
                    return;
                }
                NodeError error = e.error();
                if (error.getReason() == NodeError.Reason.UNAVAILABLE) {
                    registry.eject(node, what + ": " + error.getMessage());
                } else if (error.getReason() == NodeError.Reason.KEY_NOT_FOUND && seq > 0) {
                    registry.needsCatchUp(node, what + ": key version missing");
                } else {
                    result.completeExceptionally(new RoutingException(what + " failed on " + node.name(), error, e));
                    return;
                }
                RoutingException failed = first != null ? first
                        : new RoutingException(what + " failed on " + node.name(), error, e);
                if (attempt + 1 < Math.min(2, candidates.size())) {
                    attempt(candidates, attempt + 1, seq, what, body, failed).whenComplete((v, f) -> {
                        if (f == null) {
                            result.complete(v);
                        } else {
                            result.completeExceptionally(f);
                        }
                    });
                } else {
                    result.completeExceptionally(failed);
                }
            });
        });
        return result;
    }

    /** A call that needs log entry {@code seq} (0: any healthy node will do). */
    public <T> T call(long seq, String what, Function<HsmNodeGrpc.HsmNodeBlockingStub, T> body) {
        return call(seq, what, deadline, body);
    }

    public <T> T call(long seq, String what, Duration callDeadline,
            Function<HsmNodeGrpc.HsmNodeBlockingStub, T> body) {
        return route(seq, what, callDeadline, body).value();
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
            java.util.function.BiFunction<PoolNode, HsmNodeGrpc.HsmNodeBlockingStub, T> body) {
        List<PoolNode> candidates = candidates(seq);
        if (candidates.isEmpty()) {
            throw new RoutingException("no healthy node holds what " + what + " needs", null, null);
        }
        RuntimeException first = null;
        for (int attempt = 0; attempt < Math.min(2, candidates.size()); attempt++) {
            PoolNode node = candidates.get(attempt);
            node.callStarted();
            try {
                return new Routed<>(node, node.client().call(callDeadline, stub -> body.apply(node, stub)));
            } catch (NodeClient.NodeCallException e) {
                NodeError error = e.error();
                if (error.getReason() == NodeError.Reason.UNAVAILABLE) {
                    registry.eject(node, what + ": " + error.getMessage());
                } else if (error.getReason() == NodeError.Reason.KEY_NOT_FOUND && seq > 0) {
                    registry.needsCatchUp(node, what + ": key version missing");
                } else {
                    throw new RoutingException(what + " failed on " + node.name(), error, e);
                }
                first = first == null ? new RoutingException(what + " failed on " + node.name(), error, e) : first;
            } finally {
                node.callEnded();
            }
        }
        throw first;
    }

    /** Run a call on one particular node (replication pushes, admission). */
    public <T> T callOn(PoolNode node, Duration callDeadline, Function<HsmNodeGrpc.HsmNodeBlockingStub, T> body) {
        node.callStarted();
        try {
            return node.client().call(callDeadline, body);
        } finally {
            node.callEnded();
        }
    }

    private List<PoolNode> candidates(long seq) {
        return registry.healthy().stream().filter(n -> n.covers(seq))
                .map(n -> new Object[] {n, ThreadLocalRandom.current().nextInt()})
                .sorted(Comparator.<Object[]>comparingInt(o -> ((PoolNode) o[0]).inFlight())
                        .thenComparingInt(o -> (Integer) o[1]))
                .map(o -> (PoolNode) o[0]).toList();
    }
}
