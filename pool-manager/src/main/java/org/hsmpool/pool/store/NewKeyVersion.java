package org.hsmpool.pool.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A key version to add. The times are the caller's so that a restore keeps the original ones.
 *
 * @param versionId 32 lowercase hex characters, the token object id on every node
 * @param keyType the Key Vault key type, e.g. {@code RSA-HSM}
 * @param publicJwk the public JWK as JSON; null for symmetric keys
 * @param sealedKey the key wrapped under the pool wrap key, as a node returned it; opaque here
 */
public record NewKeyVersion(String name, String versionId, String keyType, String publicJwk, byte[] sealedKey,
        KeyProperties properties, boolean managed, Instant created, Instant updated) {

    public NewKeyVersion {
        Arguments.keyName(name);
        Arguments.hex32(versionId, "a key version id");
        Arguments.text(keyType, "a key type", 32);
        Arguments.optionalText(publicJwk, "the public JWK", Arguments.MAX_JSON);
        sealedKey = Arguments.bytes(sealedKey, "the sealed key", Arguments.MAX_BLOB);
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
        return other instanceof NewKeyVersion k && managed == k.managed && name.equals(k.name)
                && versionId.equals(k.versionId) && keyType.equals(k.keyType)
                && Objects.equals(publicJwk, k.publicJwk) && Arrays.equals(sealedKey, k.sealedKey)
                && properties.equals(k.properties) && created.equals(k.created) && updated.equals(k.updated);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, versionId) * 31 + Arrays.hashCode(sealedKey);
    }

    @Override
    public String toString() {
        return "NewKeyVersion[" + name + "/" + versionId + ", " + keyType + ", sealed " + sealedKey.length + " bytes]";
    }
}
