package org.hsmpool.pool.replication;

import java.time.Duration;

import org.hsmpool.nodeapi.v1.ImportWrappedRequest;
import org.hsmpool.nodeapi.v1.KeyRequest;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.router.NodeRouter;
import org.hsmpool.pool.store.KeyVersion;
import org.hsmpool.pool.store.LogEntry;
import org.hsmpool.pool.store.PoolStore;

import com.google.protobuf.ByteString;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * What one replication log entry means to a node. A created version is imported from its sealed
 * form (a node already holding it answers harmlessly); a purged version is destroyed; deletes,
 * recoveries and attribute changes live in the store only, the node keeps the key material.
 */
@ApplicationScoped
public class LogApplier {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final PoolStore store;
    private final NodeRouter router;

    public LogApplier(PoolStore store, NodeRouter router) {
        this.store = store;
        this.router = router;
    }

    public void apply(PoolNode node, LogEntry entry) {
        switch (entry.kind()) {
            case KEY_VERSION_CREATED -> store.versionById(entry.versionId()).ifPresent(v -> importInto(node, v));
            case KEY_PURGED -> router.callOn(node, DEADLINE,
                    s -> s.deleteKey(KeyRequest.newBuilder().setKeyId(entry.versionId()).build()));
            default -> {
                // state of the store only
            }
        }
        node.applied(entry.seq());
    }

    void importInto(PoolNode node, KeyVersion version) {
        router.callOn(node, DEADLINE, s -> s.importWrapped(ImportWrappedRequest.newBuilder()
                .setWrappedKey(ByteString.copyFrom(version.sealedKey())).build()));
    }
}
