package org.hsmpool.pool.router;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.hsmpool.nodeapi.NodeClient;
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
    /**
     * Starts the call on one node; the stage ends with the answer or a {@link NodeClient.NodeCallException}
     * (read as a {@link RoutingException} here).
     */
    interface Attempt<T> {
        CompletableFuture<T> start(PoolNode node);
    }

    /**
     * A condition on the hedge: without one (null) a call is hedged once the hedge delay passed without
     * an answer (calls that may run on two nodes at once); with one, only when the node of the first
     * attempt also fails a liveness probe then ({@link NodeRouter#routeFresh}: a key generation, which a
     * live node may take seconds for).
     */
    interface HedgeWhen {
        /** Completes with true when {@code node} answers its probe: the call keeps waiting for it. */
        CompletableFuture<Boolean> stillAnswers(PoolNode node);
    }

    private final NodeRouter router;
    private final List<PoolNode> candidates;
    private final long seq;
    private final String what;
    private final Attempt<T> attempt;
    private final int limit;
    private final Duration hedgeAfter;
    private final HedgeWhen hedgeWhen;
    private final NodeRouter.Loser<T> loser;
    private final CompletableFuture<NodeRouter.Routed<T>> result = new CompletableFuture<>();
    private int started;
    private int failed;
    private RoutingException first;

    private RoutedCall(NodeRouter router, List<PoolNode> candidates, long seq, String what, Attempt<T> attempt,
            Duration hedgeAfter, HedgeWhen hedgeWhen, NodeRouter.Loser<T> loser) {
        this.router = router;
        this.candidates = candidates;
        this.seq = seq;
        this.what = what;
        this.attempt = attempt;
        this.limit = Math.min(FailedAttempt.MAX_ATTEMPTS, candidates.size());
        this.hedgeAfter = hedgeAfter;
        this.hedgeWhen = hedgeWhen;
        this.loser = loser;
    }

    /**
     * Start a call on {@code candidates} (best first, not empty); {@code hedgeAfter} null for a call
     * that must not run on two nodes at once.
     */
    static <T> CompletableFuture<NodeRouter.Routed<T>> start(NodeRouter router, List<PoolNode> candidates, long seq,
            String what, Duration hedgeAfter, Attempt<T> attempt) {
        return start(router, candidates, seq, what, hedgeAfter, null, null, attempt);
    }

    /**
     * Like {@link #start(NodeRouter, List, long, String, Duration, Attempt)}, hedged only as
     * {@code hedgeWhen} says. {@code loser} (may be null) receives, on a thread of the router, every
     * attempt that did not give the call its answer, once it ended: with its answer when it came after
     * another attempt's had won, or with its failure.
     */
    static <T> CompletableFuture<NodeRouter.Routed<T>> start(NodeRouter router, List<PoolNode> candidates, long seq,
            String what, Duration hedgeAfter, HedgeWhen hedgeWhen, NodeRouter.Loser<T> loser,
            Attempt<T> attempt) {
        RoutedCall<T> call = new RoutedCall<>(router, candidates, seq, what, attempt, hedgeAfter, hedgeWhen, loser);
        call.startNext();
        call.scheduleHedge();
        return call.result;
    }

    private void scheduleHedge() {
        if (hedgeAfter != null && limit > 1 && !result.isDone()) {
            io.netty.util.Timeout hedge = router.timer().newTimeout(t -> hedge(), hedgeAfter.toMillis(),
                    TimeUnit.MILLISECONDS);
            result.whenComplete((answer, failure) -> hedge.cancel());
        }
    }

    private void hedge() {
        synchronized (this) {
            if (result.isDone() || started >= limit) {
                return;
            }
        }
        if (hedgeWhen != null) {
            // a node that answers its probe is working on the call: wait, and ask again after the delay
            hedgeWhen.stillAnswers(candidates.get(0)).thenAccept(alive -> {
                if (alive) {
                    scheduleHedge();
                } else {
                    startNext();
                }
            });
            return;
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
                if (!result.complete(new NodeRouter.Routed<>(node, value)) && loser != null) {
                    router.failures().execute(() -> loser.lost(node, value, null));
                }
            } else {
                // recording a node's state writes the store: not on a gRPC I/O thread
                router.failures().execute(() -> {
                    Throwable cause = unwrapped(node, failure);
                    failed(node, cause);
                    if (loser != null) {
                        loser.lost(node, null, cause);
                    }
                });
            }
        });
        return true;
    }

    private void failed(PoolNode node, Throwable cause) {
        if (!(cause instanceof RoutingException here)) {
            result.completeExceptionally(cause);
            return;
        }
        FailedAttempt kind = FailedAttempt.of(here.code(), seq);
        router.failed(kind, node, what, here);
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

    /** The failure of an attempt: a node's typed answer read once as the router's own error. */
    private Throwable unwrapped(PoolNode node, Throwable failure) {
        Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
        return cause instanceof NodeClient.NodeCallException e ? RoutingException.of(what + " failed on " + node.name(), e)
                : cause;
    }
}
