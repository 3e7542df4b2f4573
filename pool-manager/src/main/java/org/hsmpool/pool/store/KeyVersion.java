package org.hsmpool.pool.store;

import java.time.Instant;

/**
 * A stored key version: what was added ({@link NewKeyVersion}, whose checks and value equality it
 * shares) and the log position that created it.
 *
 * @param content the version as it was added
 * @param seq the replication log position of its {@code KEY_VERSION_CREATED} entry: a node whose
 *     applied position is at least this holds the version. Also orders the versions of a name.
 */
public record KeyVersion(NewKeyVersion content, long seq) {

    public KeyVersion {
        Arguments.present(content, "the key version");
    }

    public KeyVersion(String name, String versionId, long seq, String keyType, String publicJwk, byte[] sealedKey,
            KeyProperties properties, boolean managed, Instant created, Instant updated) {
        this(new NewKeyVersion(name, versionId, keyType, publicJwk, sealedKey, properties, managed, created, updated),
                seq);
    }

    public String name() {
        return content.name();
    }

    public String versionId() {
        return content.versionId();
    }

    /** The Key Vault key type, e.g. {@code RSA-HSM}. */
    public String keyType() {
        return content.keyType();
    }

    /** The public JWK as JSON; null for symmetric keys. */
    public String publicJwk() {
        return content.publicJwk();
    }

    /** The key wrapped under the pool wrap key (a copy); opaque to the store. */
    public byte[] sealedKey() {
        return content.sealedKey();
    }

    public KeyProperties properties() {
        return content.properties();
    }

    public boolean managed() {
        return content.managed();
    }

    public Instant created() {
        return content.created();
    }

    public Instant updated() {
        return content.updated();
    }

    @Override
    public String toString() {
        return "KeyVersion[" + name() + "/" + versionId() + " @" + seq + ", " + keyType() + ", " + properties()
                + ", sealed " + content.sealedKey().length + " bytes]";
    }
}
