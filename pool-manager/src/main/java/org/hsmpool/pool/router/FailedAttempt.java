package org.hsmpool.pool.router;

/**
 * The router's one retry policy: what a node's failed answer means for the node and for the call.
 * Only two answers may be fixed by another node: an unavailable node (transport failure, deadline),
 * which is ejected, and a node that lacks the key version, which is sent to catch up. Any other
 * answer is final: a bad request is never sent again. A push (an entry every node must hold,
 * {@link #ofPush}) is never final for its node: what does not eject it sends it to catch up.
 * {@link NodeRouter#failed} applies the effect on the node.
 */
public enum FailedAttempt {
    /** The node did not answer: eject it, try another node. */
    NODE_UNAVAILABLE,
    /** The node answered that it lacks the key version: send it to catch up, try another node. */
    NODE_BEHIND,
    /** The answer holds for every node: give it to the caller. */
    FINAL;

    /** At most this many nodes see one call (the first, and one retry or hedge). */
    static final int MAX_ATTEMPTS = 2;

    /** What a failure of a call that needed log entry {@code seq} (0: none) means. */
    static FailedAttempt of(RoutingException.Code code, long seq) {
        return switch (code) {
            case NODE_UNAVAILABLE -> NODE_UNAVAILABLE;
            // a call that needs no particular entry cannot be fixed by a node that is further along
            case KEY_NOT_FOUND -> seq > 0 ? NODE_BEHIND : FINAL;
            case NO_NODE, BAD_REQUEST, KEY_EXISTS, KEY_USAGE, NO_DOMAIN, WRONG_DOMAIN, INTEGRITY, TOKEN_ERROR,
                    PEER_NOT_TRUSTED, INTERNAL -> FINAL;
        };
    }

    /**
     * What the failure of a push means (a log entry sent to a node that must hold it): a node that did
     * not answer is ejected; one that answered but did not take the entry must catch up.
     */
    public static FailedAttempt ofPush(RoutingException e) {
        return of(e.code(), 1) == NODE_UNAVAILABLE ? NODE_UNAVAILABLE : NODE_BEHIND;
    }
}
