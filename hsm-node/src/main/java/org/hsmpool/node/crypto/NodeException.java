package org.hsmpool.node.crypto;

/**
 * A failure of a node operation, with the reason a remote caller needs to decide what to do next.
 * Messages name what was wrong with the request, never key material or data. A failure of the token
 * itself stays a {@link org.hsmpool.node.token.TokenException} up to the gRPC edge, which reads
 * both into the contract's error in one place ({@code rpc.Replies}).
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

    public Reason reason() {
        return reason;
    }

    public String ckr() {
        return ckr;
    }
}
