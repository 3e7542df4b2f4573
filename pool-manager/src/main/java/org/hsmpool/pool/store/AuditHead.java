package org.hsmpool.pool.store;

import java.util.Arrays;

/**
 * The head of the audit chain: the sequence number and hash of the last audit record. Sequence 0
 * with an empty hash means no record yet.
 */
public record AuditHead(long seq, byte[] hash) {

    public static final AuditHead EMPTY = new AuditHead(0, new byte[0]);

    public AuditHead {
        Arguments.position(seq, "an audit sequence number");
        hash = Arguments.bytes(hash, "an audit hash", 128);
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AuditHead h && h.seq == seq && Arrays.equals(h.hash, hash);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seq) * 31 + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "AuditHead[" + seq + ", " + hash.length + " bytes]";
    }
}
