package org.hsmpool.node.rpc;

import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.domain.DomainKeys;
import org.hsmpool.node.domain.SealedKeys;
import org.hsmpool.nodeapi.v1.ImportOutcome;
import org.hsmpool.nodeapi.v1.ImportWrappedBatchReply;
import org.hsmpool.nodeapi.v1.ImportWrappedBatchRequest;
import org.hsmpool.nodeapi.v1.NodeError;

/**
 * ImportWrappedBatch: each sealed key of a batch is imported as ImportWrapped imports one, and gets
 * its own outcome, so that one tampered or foreign key neither stops the others nor hides among
 * them. Only what concerns the whole batch (its size, no domain keys at all) refuses the call.
 */
final class BatchImport {

    private BatchImport() {
    }

    static ImportWrappedBatchReply run(SealedKeys keys, DomainKeys domain, ImportWrappedBatchRequest request) {
        int n = request.getWrappedKeysCount();
        if (n > SealedKeys.MAX_IMPORTED_AT_ONCE) {
            throw NodeException.badRequest("at most " + SealedKeys.MAX_IMPORTED_AT_ONCE
                    + " sealed keys are imported in one call, got " + n);
        }
        if (domain.domainId().isEmpty()) {
            throw new NodeException(NodeException.Reason.NO_DOMAIN,
                    "this node holds no domain keys yet, so it cannot import keys");
        }
        ImportWrappedBatchReply.Builder reply = ImportWrappedBatchReply.newBuilder();
        for (int i = 0; i < n; i++) {
            ImportOutcome.Builder outcome = ImportOutcome.newBuilder();
            try {
                outcome.setKeyId(keys.importSealed(request.getWrappedKeys(i).toByteArray()).key().id().value());
            } catch (RuntimeException e) {
                NodeError error = Replies.errorOf("importWrappedBatch", e);
                outcome.setError(error.toBuilder().setMessage("sealed key " + i + ": " + error.getMessage()));
            }
            reply.addOutcomes(outcome);
        }
        return reply.build();
    }
}
