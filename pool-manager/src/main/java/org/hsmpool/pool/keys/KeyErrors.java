package org.hsmpool.pool.keys;

import org.hsmpool.pool.router.RoutingException;
import org.hsmpool.pool.store.StoreException;
import org.jboss.logging.Logger;

/** What a failed node call or store operation means in the keys layer's terms: each mapped here, once. */
final class KeyErrors {
    private static final Logger LOG = Logger.getLogger(KeyErrors.class);

    private KeyErrors() {
    }

    static KeyException translate(RoutingException e, String what) {
        return switch (e.code()) {
            case BAD_REQUEST, INTEGRITY -> KeyException.badParameter(e.detail());
            case KEY_EXISTS -> KeyException.conflict(e.detail());
            case KEY_USAGE -> KeyException.forbidden(e.detail());
            case NO_NODE, NODE_UNAVAILABLE, KEY_NOT_FOUND ->
                KeyException.unavailable("no node of the pool can serve " + what + " right now", 1);
            case TOKEN_ERROR -> {
                // the token refused for its own reasons (not the request's): the client may try again
                LOG.warnf("%s: the HSM refused (%s): %s", what, e.ckr(), e.detail());
                yield KeyException.unavailable("the HSM could not complete " + what + " ("
                        + (e.ckr().isEmpty() ? "token error" : e.ckr()) + "); try again", 1);
            }
            case NO_DOMAIN, WRONG_DOMAIN, PEER_NOT_TRUSTED, INTERNAL -> KeyException.internal(what + " failed in the HSM", e);
        };
    }

    static KeyException translate(StoreException e) {
        return switch (e.code()) {
            case INVALID_ARGUMENT -> KeyException.badParameter(e.getMessage());
            case NOT_FOUND -> KeyException.keyNotFound(e.getMessage());
            case CONFLICT, NAME_DELETED, STATE_MISMATCH, PURGED -> KeyException.conflict(e.getMessage());
            case UNAVAILABLE -> KeyException.unavailable("the pool store is busy; try again", 1);
            // only leader-only work is fenced; should a request ever meet it, another manager leads now
            case FENCED -> KeyException.unavailable("another pool manager leads now; try again", 1);
            default -> KeyException.internal("the pool store failed", e);
        };
    }

    /** A store failure of a call on a named deleted or live key: NOT_FOUND names that key. */
    static KeyException translate(StoreException e, String notFound) {
        return e.code() == StoreException.Code.NOT_FOUND ? KeyException.keyNotFound(notFound) : translate(e);
    }
}
