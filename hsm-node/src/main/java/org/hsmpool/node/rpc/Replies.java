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
            answer = body.get();
        } catch (NodeException e) {
            LOG.debugf("%s refused: %s %s", operation, e.reason(), e.getMessage());
            observer.onError(NodeErrors.of(NodeError.Reason.valueOf(e.reason().name()), e.getMessage(), e.ckr()));
            return;
        } catch (TokenException e) {
            NodeException n = NodeException.from(e);
            observer.onError(NodeErrors.of(NodeError.Reason.valueOf(n.reason().name()), n.getMessage(), n.ckr()));
            return;
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s failed unexpectedly", operation);
            observer.onError(NodeErrors.of(NodeError.Reason.TOKEN_ERROR, operation + " failed: internal error", ""));
            return;
        }
        observer.onNext(answer);
        observer.onCompleted();
    }
}
