package org.hsmpool.pool.store;

/**
 * A stored key version as a node receives it: its id, the log position that created it, and its
 * sealed key (opaque here; it opens only in a token of the pool's security domain).
 */
public record SealedVersion(String versionId, long createdSeq, byte[] sealedKey) {

    public SealedVersion {
        Arguments.hex32(versionId, "a key version id");
        sealedKey = Arguments.present(sealedKey, "the sealed key").clone();
    }

    @Override
    public byte[] sealedKey() {
        return sealedKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedVersion v && v.versionId.equals(versionId) && v.createdSeq == createdSeq
                && java.util.Arrays.equals(v.sealedKey, sealedKey);
    }

    @Override
    public int hashCode() {
        return versionId.hashCode();
    }

    @Override
    public String toString() {
        return "SealedVersion[" + versionId + " @" + createdSeq + ", " + sealedKey.length + " sealed bytes]";
    }
}
