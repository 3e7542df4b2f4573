package org.hsmpool.pool.keys;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.hsmpool.pool.store.Page;

/**
 * The key operations of the Key Vault API. {@code version} null means the latest version.
 * Algorithms are the JWA names of the API ({@code RS256}, {@code RSA-OAEP-256}, {@code A256GCM},
 * ...). Every method throws {@link KeyException} for anything the client must hear about.
 */
public interface KeyService {

    ManagedKey create(String name, NewKey key);

    ManagedKey get(String name, String version);

    /** A node's evidence about a key version (latest when {@code version} is null or empty). */
    KeyEvidence attest(String name, String version);

    /** An opaque, integrity-protected blob of every version of a live key (and its rotation policy). */
    byte[] backup(String name);

    /** Brings back a key from {@link #backup} under its name, which must be free; the latest version. */
    /**
     * Restore a key backup under its (free) name. A backup taken before its key was purged holds
     * purged versions: it is restored only when {@code mayUndoPurge} says yes for the key's name (the
     * caller may purge that key itself), so that a Restore principal alone cannot roll a purge back.
     */
    ManagedKey restore(byte[] backup, java.util.function.Predicate<String> mayUndoPurge);

    /** A new version of {@code name} (or its first) holding a key the client brought. */
    ManagedKey importKey(String name, ImportedKey key);

    /** The latest version of each live key, by name. {@code continuation} is null or a token of a previous page. */
    Page<ManagedKey> list(String continuation, int maxResults);

    /** The versions of a live key, oldest first; an empty page if there is no such key. */
    Page<ManagedKey> listVersions(String name, String continuation, int maxResults);

    /** Soft-deleted keys, by name. */
    Page<Deleted> listDeleted(String continuation, int maxResults);

    /**
     * Changes the mutable properties of one version ({@code version} null: the latest). Null members
     * of {@code update} leave the property unchanged; an empty {@code keyOps} too.
     */
    ManagedKey update(String name, String version, KeyUpdate update);

    /** What a PATCH may change: null means unchanged. */
    record KeyUpdate(java.util.List<String> keyOps, Boolean enabled, java.time.Instant notBefore,
            java.time.Instant expires, java.util.Map<String, String> tags) {
    }

    /** A result of an operation, with the version that performed it (for the {@code kid}). */
    record Result(String version, byte[] value) {
    }

    /** Encryption output; iv and tag are empty when the algorithm has none. */
    record Encrypted(String version, byte[] ciphertext, byte[] iv, byte[] tag) {
    }

    /*
     * The cryptographic operations check the key and the request at once (a KeyException is
     * thrown before anything is sent) and return while a node works; the stage fails with a
     * KeyException when the node refuses or none can serve. The stage may complete on a gRPC
     * I/O thread: what follows it must not block.
     */

    CompletionStage<Result> sign(String name, String version, String algorithm, byte[] digest);

    CompletionStage<Boolean> verify(String name, String version, String algorithm, byte[] digest, byte[] signature);

    CompletionStage<Encrypted> encrypt(String name, String version, String algorithm, byte[] plaintext, byte[] iv,
            byte[] aad);

    CompletionStage<Result> decrypt(String name, String version, String algorithm, byte[] ciphertext, byte[] iv,
            byte[] aad, byte[] tag);

    CompletionStage<Result> wrapKey(String name, String version, String algorithm, byte[] key);

    CompletionStage<Result> unwrapKey(String name, String version, String algorithm, byte[] wrapped);

    /** Waits for an operation's answer (on a thread that may block), its failure rethrown as it is. */
    static <T> T await(CompletionStage<T> operation) {
        try {
            return operation.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    byte[] random(int count);

    /** A new version of an existing key, with the latest version's type, size or curve, and operations. */
    ManagedKey rotate(String name);

    /** The key's rotation policy, or {@link RotationPolicy#DEFAULT} if none was set. */
    RotationPolicy getRotationPolicy(String name);

    /** Sets the key's rotation policy (an empty action list sets the default). */
    RotationPolicy putRotationPolicy(String name, RotationPolicy policy);

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
