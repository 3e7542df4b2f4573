package org.hsmpool.pool.router;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.hsmpool.nodeapi.v1.KeyRequest;
import org.hsmpool.pool.nodes.NodeRegistry;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.store.LogEntry;
import org.hsmpool.pool.store.LogKind;
import org.hsmpool.pool.store.PoolStore;

/**
 * Which nodes hold a log entry this manager has not seen them receive: a key version another manager
 * created a moment ago, whose pushes this manager did not make and whose positions the leader has not
 * recorded yet. First the store (the positions the leader recorded), then the nodes themselves: each
 * node that takes traffic is asked for the version ({@code DescribeKey}, a read), and a node that has
 * it is known to hold the entry from then on. Only then does the router send the call, so a call goes
 * only to a node known to hold what it needs. Callers asking for the same entry at once share one
 * search.
 */
final class EntryHolders {
    private final NodeRegistry registry;
    private final PoolStore store;
    private final Duration deadline;
    private final Executor blocking;
    private final Map<Long, CompletableFuture<Void>> searches = new ConcurrentHashMap<>();

    EntryHolders(NodeRegistry registry, PoolStore store, Duration deadline, Executor blocking) {
        this.registry = registry;
        this.store = store;
        this.deadline = deadline;
        this.blocking = blocking;
    }

    /** Completes when the nodes that take traffic have been asked; never fails. */
    CompletableFuture<Void> find(long seq) {
        CompletableFuture<Void> search = searches.computeIfAbsent(seq,
                s -> CompletableFuture.supplyAsync(() -> askNodes(s), blocking).thenCompose(asked -> asked)
                        .exceptionally(storeFailed -> null)); // the call then finds no node, as before
        search.whenComplete((done, failure) -> searches.remove(seq, search));
        return search;
    }

    private CompletableFuture<Void> askNodes(long seq) {
        registry.learnPositions();
        if (registry.healthy().stream().anyMatch(n -> n.covers(seq))) {
            return CompletableFuture.completedFuture(null);
        }
        List<LogEntry> entry = store.readLog(seq - 1, 1);
        if (entry.isEmpty() || entry.get(0).seq() != seq || entry.get(0).kind() != LogKind.KEY_VERSION_CREATED) {
            return CompletableFuture.completedFuture(null); // nothing a node could show it holds
        }
        KeyRequest request = KeyRequest.newBuilder().setKeyId(entry.get(0).versionId()).build();
        List<CompletableFuture<Void>> asked = registry.healthy().stream().filter(n -> !n.covers(seq))
                .map(node -> ask(node, seq, request)).toList();
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> ask(PoolNode node, long seq, KeyRequest request) {
        node.callStarted();
        return node.client().<org.hsmpool.nodeapi.v1.KeyMaterial>callAsync(deadline,
                (stub, answer) -> stub.describeKey(request, answer))
                .handle((material, failure) -> {
                    node.callEnded();
                    if (failure == null && material.getKeyId().equals(request.getKeyId())) {
                        node.applied(seq);
                    }
                    return (Void) null; // a node that lacks it, or does not answer, is simply not a holder
                });
    }
}
