package org.hsmpool.node.crypto;

import org.hsmpool.node.token.TokenException;

/**
 * A failure of a node operation, with the reason a remote caller needs to decide what to do next.
 * Messages name what was wrong with the request, never key material or data.
 */
public final class NodeException extends RuntimeException {

    public enum Reason {
        BAD_REQUEST, KEY_NOT_FOUND, KEY_EXISTS, KEY_USAGE, NO_DOMAIN, WRONG_DOMAIN, INTEGRITY, TOKEN_ERROR,
        UNAVAILABLE, PEER_NOT_TRUSTED
    }

    private final Reason reason;
    private final String ckr;

    public NodeException(Reason reason, String message) {
        this(reason, message, "", null);
    }

    public NodeException(Reason reason, String message, String ckr, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.ckr = ckr == null ? "" : ckr;
    }

    public static NodeException badRequest(String message) {
        return new NodeException(Reason.BAD_REQUEST, message);
    }

    /** The node's reading of a token failure. */
    public static NodeException from(TokenException e) {
        Reason reason = switch (e.kind()) {
            case NOT_FOUND -> Reason.KEY_NOT_FOUND;
            case EXISTS -> Reason.KEY_EXISTS;
            case KEY_USAGE -> Reason.KEY_USAGE;
            case BAD_INPUT -> Reason.BAD_REQUEST;
            case INTEGRITY -> Reason.INTEGRITY;
            case LOGIN_FAILED, UNAVAILABLE -> Reason.UNAVAILABLE;
            case TOKEN -> Reason.TOKEN_ERROR;
        };
        return new NodeException(reason, e.detail(), e.ckr(), e);
    }

    public Reason reason() {
        return reason;
    }

    public String ckr() {
        return ckr;
    }
}
