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

    /**
     * The typed error that a failure of {@code operation} travels as: the one place where the node's
     * own failure ({@link NodeException}) and the token's ({@link TokenException}, from any layer,
     * unconverted until here) become the contract's {@link NodeError}.
     */
    static NodeError errorOf(String operation, RuntimeException failure) {
        if (failure instanceof NodeException n) {
            LOG.debugf("%s refused: %s %s", operation, n.reason(), n.getMessage());
            return error(reason(n.reason()), n.getMessage(), n.ckr());
        }
        if (failure instanceof TokenException t) {
            LOG.debugf("%s: the token refused: %s %s", operation, t.kind(), t.getMessage());
            return error(reason(t.kind()), t.detail(), t.ckr());
        }
        LOG.errorf(failure, "%s failed unexpectedly", operation);
        return error(NodeError.Reason.TOKEN_ERROR, operation + " failed: internal error", "");
    }

    private static NodeError error(NodeError.Reason reason, String message, String ckr) {
        return NodeError.newBuilder().setReason(reason).setMessage(message).setCkr(ckr == null ? "" : ckr).build();
    }

    /** The contract's reason for a token failure's kind: what the caller may do about it. */
    static NodeError.Reason reason(TokenException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> NodeError.Reason.KEY_NOT_FOUND;
            case EXISTS -> NodeError.Reason.KEY_EXISTS;
            case KEY_USAGE -> NodeError.Reason.KEY_USAGE;
            case BAD_INPUT -> NodeError.Reason.BAD_REQUEST;
            case INTEGRITY -> NodeError.Reason.INTEGRITY;
            case LOGIN_FAILED, UNAVAILABLE -> NodeError.Reason.UNAVAILABLE;
            case TOKEN -> NodeError.Reason.TOKEN_ERROR;
        };
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
