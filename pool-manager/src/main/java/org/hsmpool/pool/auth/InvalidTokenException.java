package org.hsmpool.pool.auth;

/**
 * A bearer token that was presented and refused: the message is the RFC 6750
 * {@code error_description} the client gets. It says what is wrong with the token and never quotes
 * the token.
 */
public final class InvalidTokenException extends Exception {
    public InvalidTokenException(String description) {
        super(description, null, false, false);
    }
}
