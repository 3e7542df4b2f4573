package org.hsmpool.pool.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One replication log entry. Sequence numbers are assigned by the store, start at 1, and have no
 * gaps; an entry is visible to readers only once every smaller number is.
 *
 * @param keyName the key the entry is about; null for kinds that concern no key (none yet)
 * @param versionId the version the entry is about; null for name-level kinds
 * @param payload opaque bytes from the replication package; never key material (the log outlives
 *     purges, so a sealed key here would survive its purge)
 * @param time when the store appended the entry
 */
public record LogEntry(long seq, LogKind kind, String keyName, String versionId, byte[] payload, Instant time) {

    public LogEntry {
        Arguments.present(kind, "a log kind");
        payload = Arguments.present(payload, "the payload").clone();
        time = Arguments.time(time, "the entry time");
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Value equality, the payload compared by content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof LogEntry e && seq == e.seq && kind == e.kind && Objects.equals(keyName, e.keyName)
                && Objects.equals(versionId, e.versionId) && Arrays.equals(payload, e.payload) && time.equals(e.time);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seq) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "LogEntry[" + seq + " " + kind + " " + keyName + "/" + versionId + ", " + payload.length + " bytes]";
    }
}
