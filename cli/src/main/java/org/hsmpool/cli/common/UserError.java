package org.hsmpool.cli.common;

/**
 * An expected failure: bad input, a missing or existing file, a wrong passphrase. It ends the
 * command with exit code 1 and its message, one line that says what went wrong and what to do, on
 * stderr; never with a stack trace. Messages must never contain keys, shares or passphrases.
 */
public final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }
}
