package org.hsmpool.pool.keys;

/**
 * The key operations of the Key Vault API. {@code version} null means the latest version.
 * Algorithms are the JWA names of the API ({@code RS256}, {@code RSA-OAEP-256}, {@code A256GCM},
 * ...). Every method throws {@link KeyVaultException} for anything the client must hear about.
 */
public interface KeyService {

    ManagedKey create(String name, NewKey key);

    ManagedKey get(String name, String version);

    /** A result of an operation, with the version that performed it (for the {@code kid}). */
    record Result(String version, byte[] value) {
    }

    /** Encryption output; iv and tag are empty when the algorithm has none. */
    record Encrypted(String version, byte[] ciphertext, byte[] iv, byte[] tag) {
    }

    Result sign(String name, String version, String algorithm, byte[] digest);

    boolean verify(String name, String version, String algorithm, byte[] digest, byte[] signature);

    Encrypted encrypt(String name, String version, String algorithm, byte[] plaintext, byte[] iv, byte[] aad);

    Result decrypt(String name, String version, String algorithm, byte[] ciphertext, byte[] iv, byte[] aad,
            byte[] tag);

    Result wrapKey(String name, String version, String algorithm, byte[] key);

    Result unwrapKey(String name, String version, String algorithm, byte[] wrapped);

    byte[] random(int count);

    /** A new version of an existing key, with the latest version's type, size or curve, and operations. */
    ManagedKey rotate(String name);

    /** A soft-deleted key: when it was deleted, when it will be purged, its latest version. */
    record Deleted(String name, java.time.Instant deletedAt, java.time.Instant scheduledPurgeAt, ManagedKey latest) {
    }

    /** Soft-delete a key with all its versions (kept for the retention period, recoverable). */
    Deleted delete(String name);

    Deleted getDeleted(String name);

    /** Bring a soft-deleted key back. */
    ManagedKey recover(String name);

    /** Destroy a soft-deleted key for good, in the store and in every node's token. */
    void purge(String name);
}
