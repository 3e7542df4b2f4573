package org.hsmpool.pool.router;

import org.hsmpool.nodeapi.v1.NodeError;

/**
 * A call the router could not complete: either no node could take it ({@link #error()} null), or
 * the node's typed answer, which the caller maps to what its client sees.
 */
public final class RoutingException extends RuntimeException {
    private final transient NodeError error;

    RoutingException(String message, NodeError error, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    /** The node's typed error, or null when no node was available. */
    public NodeError error() {
        return error;
    }

    public boolean noNodeAvailable() {
        return error == null;
    }
}
