package org.hsmpool.pool.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import org.hsmpool.nodeapi.v1.ImportOutcome;
import org.hsmpool.nodeapi.v1.ImportWrappedBatchReply;
import org.hsmpool.nodeapi.v1.ImportWrappedBatchRequest;
import org.hsmpool.pool.config.PoolConfig;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.router.NodeRouter;

import com.google.protobuf.ByteString;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sealed keys to one node in batches ({@code ImportWrappedBatch}, {@code hsmpool.pool.limits.catch-up-batch}
 * per call, 200 by default), two
 * calls in flight so that the node imports one batch while the next one travels. A key the node
 * refuses fails the whole catch-up, naming the version and the node's reason: the node stays out of
 * traffic and the health monitor tries again.
 */
@ApplicationScoped
public class BulkImport {
    /** What a node imports in one call at most (the node's own limit). */
    static final int MAX_BATCH = 500;
    private static final int IN_FLIGHT = 2;
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private final NodeRouter router;
    private final int batch;
    private final ExecutorService senders = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "catch-up-import");
        t.setDaemon(true);
        return t;
    });

    public BulkImport(NodeRouter router, PoolConfig config) {
        this.router = router;
        this.batch = config.limits().catchUpBatch();
        if (batch < 1 || batch > MAX_BATCH) {
            throw new IllegalStateException("hsmpool.pool.limits.catch-up-batch must be 1 to " + MAX_BATCH
                    + " (sealed keys a node imports in one call), not " + batch);
        }
    }

    /** A new pipeline to {@code node}; {@link Pipeline#finish} waits for what was added. */
    public Pipeline to(PoolNode node) {
        return new Pipeline(node);
    }

    /** Batches of sealed keys to one node, in the order added. Not thread-safe: one caller. */
    public final class Pipeline {
        private final PoolNode node;
        private final Semaphore slots = new Semaphore(IN_FLIGHT);
        private final List<Future<?>> running = new ArrayList<>();
        private List<String> ids = new ArrayList<>();
        private List<ByteString> sealed = new ArrayList<>();
        private int sent;

        private Pipeline(PoolNode node) {
            this.node = node;
        }

        public void add(String versionId, byte[] sealedKey) {
            ids.add(versionId);
            sealed.add(ByteString.copyFrom(sealedKey));
            if (ids.size() == batch) {
                flush();
            }
        }

        /** Wait until every key added so far is in the node's token; the number of keys sent. */
        public int finish() {
            flush();
            try {
                for (Future<?> f : running) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("catch-up of " + node.name() + " interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } finally {
                running.clear();
            }
            int n = sent;
            sent = 0;
            return n;
        }

        private void flush() {
            if (ids.isEmpty()) {
                return;
            }
            List<String> batchIds = ids;
            ImportWrappedBatchRequest request = ImportWrappedBatchRequest.newBuilder().addAllWrappedKeys(sealed).build();
            ids = new ArrayList<>();
            sealed = new ArrayList<>();
            sent += batchIds.size();
            slots.acquireUninterruptibly();
            try {
                running.add(senders.submit(() -> {
                    try {
                        check(batchIds, router.callOn(node, DEADLINE, s -> s.importWrappedBatch(request)));
                    } finally {
                        slots.release();
                    }
                }));
            } catch (RuntimeException e) {
                slots.release();
                throw e;
            }
        }

        private void check(List<String> batchIds, ImportWrappedBatchReply reply) {
            if (reply.getOutcomesCount() != batchIds.size()) {
                throw new IllegalStateException("node " + node.name() + " answered " + reply.getOutcomesCount()
                        + " outcomes for " + batchIds.size() + " sealed keys");
            }
            for (int i = 0; i < batchIds.size(); i++) {
                ImportOutcome outcome = reply.getOutcomes(i);
                if (outcome.hasError() || !outcome.getKeyId().equals(batchIds.get(i))) {
                    throw new IllegalStateException("node " + node.name() + " did not import key version "
                            + batchIds.get(i) + ": " + (outcome.hasError()
                                    ? outcome.getError().getReason() + " " + outcome.getError().getMessage()
                                    : "it answered " + outcome.getKeyId()));
                }
            }
        }
    }

    @PreDestroy
    void close() {
        senders.shutdownNow();
    }
}
