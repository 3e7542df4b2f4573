package org.hsmpool.pool.api;

import java.util.Optional;

/** The cryptographic operations of the keys API, by the last segment of their path. */
enum KeyOperation {
    SIGN("sign"),
    VERIFY("verify"),
    ENCRYPT("encrypt"),
    DECRYPT("decrypt"),
    WRAP_KEY("wrapkey"),
    UNWRAP_KEY("unwrapkey");

    private final String segment;

    KeyOperation(String segment) {
        this.segment = segment;
    }

    static Optional<KeyOperation> fromPath(String segment) {
        for (KeyOperation operation : values()) {
            if (operation.segment.equals(segment)) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }
}
