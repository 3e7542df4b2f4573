package org.hsmpool.pool.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A stored key version.
 *
 * @param seq the replication log position of its {@code KEY_VERSION_CREATED} entry: a node whose
 *     applied position is at least this holds the version. Also orders the versions of a name.
 * @param publicJwk the public JWK as JSON; null for symmetric keys
 * @param sealedKey the key wrapped under the pool wrap key; opaque to the store
 */
public record KeyVersion(String name, String versionId, long seq, String keyType, String publicJwk,
        byte[] sealedKey, KeyProperties properties, boolean managed, Instant created, Instant updated) {

    public KeyVersion {
        Arguments.keyName(name);
        Arguments.hex32(versionId, "a key version id");
        sealedKey = Arguments.present(sealedKey, "the sealed key").clone();
        Arguments.present(properties, "the key properties");
        created = Arguments.time(created, "the creation time");
        updated = Arguments.time(updated, "the update time");
    }

    @Override
    public byte[] sealedKey() {
        return sealedKey.clone();
    }

    /** Value equality, the sealed bytes compared by content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof KeyVersion k && seq == k.seq && managed == k.managed && name.equals(k.name)
                && versionId.equals(k.versionId) && Objects.equals(keyType, k.keyType)
                && Objects.equals(publicJwk, k.publicJwk) && Arrays.equals(sealedKey, k.sealedKey)
                && properties.equals(k.properties) && created.equals(k.created) && updated.equals(k.updated);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, versionId, seq) * 31 + Arrays.hashCode(sealedKey);
    }

    @Override
    public String toString() {
        return "KeyVersion[" + name + "/" + versionId + " @" + seq + ", " + keyType + ", " + properties
                + ", sealed " + sealedKey.length + " bytes]";
    }
}
