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
        return NodeError.newBuilder().setReason(reason(e.reason()))
                .setMessage(e.getMessage()).setCkr(e.ckr() == null ? "" : e.ckr()).build();
    }

    /** The contract's reason for the node's: a new reason on one side fails the build here, not a call. */
    static NodeError.Reason reason(NodeException.Reason reason) {
        return switch (reason) {
            case BAD_REQUEST -> NodeError.Reason.BAD_REQUEST;
            case KEY_NOT_FOUND -> NodeError.Reason.KEY_NOT_FOUND;
            case KEY_EXISTS -> NodeError.Reason.KEY_EXISTS;
            case KEY_USAGE -> NodeError.Reason.KEY_USAGE;
            case NO_DOMAIN -> NodeError.Reason.NO_DOMAIN;
            case WRONG_DOMAIN -> NodeError.Reason.WRONG_DOMAIN;
            case INTEGRITY -> NodeError.Reason.INTEGRITY;
            case TOKEN_ERROR -> NodeError.Reason.TOKEN_ERROR;
            case UNAVAILABLE -> NodeError.Reason.UNAVAILABLE;
            case PEER_NOT_TRUSTED -> NodeError.Reason.PEER_NOT_TRUSTED;
        };
    }
}
