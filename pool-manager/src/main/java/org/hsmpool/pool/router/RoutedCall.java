package org.hsmpool.pool.router;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.v1.NodeError;
import org.hsmpool.pool.nodes.PoolNode;

/**
 * One call through the router. The first attempt goes to the best candidate; a second goes to the
 * next one when the first fails in a way another node may fix ({@link FailedAttempt}) or, for a call
 * that may safely run twice, when the first has not answered within the hedge delay (a node that
 * stopped answering then costs its callers that delay, not the call's deadline). The first answer
 * wins. The other attempt runs on to its own end, and its failure still ejects its node or sends it
 * to catch up: a hung node is found by its calls' deadlines as before, only no caller waits for them.
 */
final class RoutedCall<T> {
    /** Starts the call on one node; the stage ends with the answer or a {@link NodeClient.NodeCallException}. */
    interface Attempt<T> {
        CompletableFuture<T> start(PoolNode node);
    }

    private final NodeRouter router;
    private final List<PoolNode> candidates;
    private final long seq;
    private final String what;
    private final Attempt<T> attempt;
    private final int limit;
    private final CompletableFuture<NodeRouter.Routed<T>> result = new CompletableFuture<>();
    private int started;
    private int failed;
    private RoutingException first;

    private RoutedCall(NodeRouter router, List<PoolNode> candidates, long seq, String what, Attempt<T> attempt) {
        this.router = router;
        this.candidates = candidates;
        this.seq = seq;
        this.what = what;
        this.attempt = attempt;
        this.limit = Math.min(FailedAttempt.MAX_ATTEMPTS, candidates.size());
    }

    /**
     * Start a call on {@code candidates} (best first, not empty); {@code hedgeAfter} null for a call
     * that must not run on two nodes at once.
     */
    static <T> CompletableFuture<NodeRouter.Routed<T>> start(NodeRouter router, List<PoolNode> candidates, long seq,
            String what, Duration hedgeAfter, Attempt<T> attempt) {
        RoutedCall<T> call = new RoutedCall<>(router, candidates, seq, what, attempt);
        call.startNext();
        if (hedgeAfter != null && call.limit > 1) {
            ScheduledFuture<?> hedge = router.timer().schedule(call::hedge, hedgeAfter.toMillis(), TimeUnit.MILLISECONDS);
            call.result.whenComplete((answer, failure) -> hedge.cancel(false));
        }
        return call.result;
    }

    private void hedge() {
        synchronized (this) {
            if (result.isDone() || started >= limit) {
                return;
            }
        }
        if (router.hedges().trySpend()) {
            startNext();
        }
    }

    /** Start the next attempt unless the call is over or out of attempts; false if none started. */
    private boolean startNext() {
        PoolNode node;
        synchronized (this) {
            if (result.isDone() || started >= limit) {
                return false;
            }
            node = candidates.get(started++);
        }
        node.callStarted();
        CompletableFuture<T> answer;
        try {
            answer = attempt.start(node);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((value, failure) -> {
            node.callEnded();
            if (failure == null) {
                router.hedges().answered();
                result.complete(new NodeRouter.Routed<>(node, value));
            } else {
                // recording a node's state writes the store: not on a gRPC I/O thread
                router.failures().execute(() -> failed(node, failure));
            }
        });
        return true;
    }

    private void failed(PoolNode node, Throwable failure) {
        Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
        if (!(cause instanceof NodeClient.NodeCallException e)) {
            result.completeExceptionally(cause);
            return;
        }
        NodeError error = e.error();
        FailedAttempt kind = FailedAttempt.of(error, seq);
        router.failed(kind, node, what, error);
        RoutingException here = new RoutingException(what + " failed on " + node.name(), error, e);
        if (kind == FailedAttempt.FINAL) {
            result.completeExceptionally(here);
            return;
        }
        synchronized (this) {
            failed++;
            first = first == null ? here : first;
        }
        if (!startNext()) {
            synchronized (this) {
                if (failed == started) {
                    result.completeExceptionally(first);
                }
            }
        }
    }
}
