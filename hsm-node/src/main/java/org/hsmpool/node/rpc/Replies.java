package org.hsmpool.node.rpc;

import java.util.function.Supplier;

import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.token.TokenException;
import org.hsmpool.nodeapi.NodeErrors;
import org.hsmpool.nodeapi.v1.NodeError;
import org.jboss.logging.Logger;

import io.grpc.stub.StreamObserver;

/** Completes a unary call with its answer or with the typed error of its failure. */
final class Replies {
    private static final Logger LOG = Logger.getLogger(Replies.class);

    private Replies() {
    }

    static <T> void reply(String operation, StreamObserver<T> observer, Supplier<T> body) {
        T answer;
        try {
            answer = org.hsmpool.nodeapi.CorrelationId.logged(body);
        } catch (RuntimeException e) {
            observer.onError(NodeErrors.toStatus(errorOf(operation, e)));
            return;
        }
        observer.onNext(answer);
        observer.onCompleted();
    }

    /** The typed error that a failure of {@code operation} travels as. */
    static NodeError errorOf(String operation, RuntimeException failure) {
        NodeException e;
        if (failure instanceof NodeException n) {
            LOG.debugf("%s refused: %s %s", operation, n.reason(), n.getMessage());
            e = n;
        } else if (failure instanceof TokenException t) {
            e = NodeException.from(t);
        } else {
            LOG.errorf(failure, "%s failed unexpectedly", operation);
            return NodeError.newBuilder().setReason(NodeError.Reason.TOKEN_ERROR)
                    .setMessage(operation + " failed: internal error").build();
        }
        return NodeError.newBuilder().setReason(NodeError.Reason.valueOf(e.reason().name()))
                .setMessage(e.getMessage()).setCkr(e.ckr() == null ? "" : e.ckr()).build();
    }
}
