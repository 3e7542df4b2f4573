package org.hsmpool.pool.store;

import java.time.Instant;

/**
 * The transfer key of a security-domain restore, as the store keeps it between the two upload steps:
 * the node that issued it (the one that must recombine the master) and the SHA-256 of the key's JWK,
 * so that a manager can tell whether the node still holds that key. Never the key itself.
 */
public record TransferKeyIssue(String nodeName, String keySha256, Instant issuedAt) {
    public TransferKeyIssue {
        Node.checkName(nodeName);
        Arguments.sha256Hex(keySha256, "a transfer key digest");
        issuedAt = Arguments.time(issuedAt, "the issue time");
    }
}
