package org.hsmpool.pool.keys;

import org.hsmpool.nodeapi.v1.NodeError;
import org.hsmpool.pool.router.RoutingException;
import org.hsmpool.pool.store.StoreException;
import org.jboss.logging.Logger;

/** What a failed node call or store operation means to a Key Vault client: each mapped here, once. */
final class KeyErrors {
    private static final Logger LOG = Logger.getLogger(KeyErrors.class);

    private KeyErrors() {
    }

    static KeyVaultException translate(RoutingException e, String what) {
        if (e.noNodeAvailable()) {
            return KeyVaultException.unavailable("no node of the pool can serve " + what + " right now", 1);
        }
        NodeError error = e.error();
        return switch (error.getReason()) {
            case BAD_REQUEST, INTEGRITY -> KeyVaultException.badParameter(error.getMessage());
            case KEY_EXISTS -> KeyVaultException.conflict(error.getMessage());
            case KEY_USAGE -> KeyVaultException.forbidden("Forbidden", error.getMessage());
            case UNAVAILABLE, KEY_NOT_FOUND ->
                KeyVaultException.unavailable("no node of the pool can serve " + what + " right now", 1);
            case TOKEN_ERROR -> {
                // the token refused for its own reasons (not the request's): the client may try again
                LOG.warnf("%s: the HSM refused (%s): %s", what, error.getCkr(), error.getMessage());
                yield KeyVaultException.unavailable("the HSM could not complete " + what + " ("
                        + (error.getCkr().isEmpty() ? "token error" : error.getCkr()) + "); try again", 1);
            }
            default -> new KeyVaultException(500, "InternalError", what + " failed in the HSM", null, e);
        };
    }

    static KeyVaultException translate(StoreException e) {
        return switch (e.code()) {
            case INVALID_ARGUMENT -> KeyVaultException.badParameter(e.getMessage());
            case NOT_FOUND -> KeyVaultException.keyNotFound(e.getMessage());
            case CONFLICT, NAME_DELETED, STATE_MISMATCH, PURGED -> KeyVaultException.conflict(e.getMessage());
            case UNAVAILABLE -> KeyVaultException.unavailable("the pool store is busy; try again", 1);
            // only leader-only work is fenced; should a request ever meet it, another manager leads now
            case FENCED -> KeyVaultException.unavailable("another pool manager leads now; try again", 1);
            default -> new KeyVaultException(500, "InternalError", "the pool store failed", null, e);
        };
    }

    /** A store failure of a call on a named deleted or live key: NOT_FOUND names that key. */
    static KeyVaultException translate(StoreException e, String notFound) {
        return e.code() == StoreException.Code.NOT_FOUND ? KeyVaultException.keyNotFound(notFound) : translate(e);
    }
}
