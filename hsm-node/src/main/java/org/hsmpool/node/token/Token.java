package org.hsmpool.node.token;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One PKCS#11 token, logged in as user. Every key is a token object named by an {@link ObjectId};
 * every operation runs inside the token. Implementations are thread-safe.
 */
public interface Token extends AutoCloseable {

    TokenInfo info();

    SessionStats sessions();

    /** Borrow a session and ask the token for its state; false when the token does not answer. */
    boolean probe();

    /** Generate a key (pair) as token objects. Fails with EXISTS when the id is taken. */
    StoredKey generate(ObjectId id, KeySpec spec, Set<KeyUsage> usages, Extractability extractability);

    /** Create a secret key object from a value computed in this process (a derived domain key). */
    StoredKey importSecret(ObjectId id, KeySpec spec, byte[] value, Set<KeyUsage> usages,
            Extractability extractability);

    Optional<StoredKey> find(ObjectId id);

    /** The protection attributes of the key's private or secret object; NOT_FOUND when it has none. */
    KeyAttributes attributes(ObjectId id);

    /**
     * Keep an X.509 certificate (DER) of the key named {@code id} as a public token object under the
     * same id, so that it lives and dies with the key: {@link #destroy} removes it too. Fails with
     * EXISTS when the id already has a certificate, BAD_INPUT when the bytes are not a certificate.
     */
    void storeCertificate(ObjectId id, byte[] der);

    /** The certificate (DER) kept under {@code id}, if any. */
    Optional<byte[]> certificate(ObjectId id);

    /**
     * Replace the private data object named {@code id} (a CKO_DATA token object, CKA_LABEL = id) with
     * one holding {@code value}: the new object is created before the old ones are destroyed, so a
     * crash in between leaves both, never neither; {@link #data} then returns both values and the
     * caller tells which is newer.
     */
    void replaceData(ObjectId id, byte[] value);

    /** The values of the private data objects named {@code id}: none, one, or (after a crash) more. */
    List<byte[]> data(ObjectId id);

    /**
     * Every private data object of this node, by name, read with one search (the node loads its
     * sealed ML-DSA keys this way at start instead of one search per key).
     */
    Map<ObjectId, List<byte[]>> allData();

    /** Destroy every private data object named {@code id}; false when there was none. */
    boolean destroyData(ObjectId id);

    /** Ids of all private and secret key objects in the token. */
    List<ObjectId> list();

    /** Destroy every object with that id; false when there was none. */
    boolean destroy(ObjectId id);

    byte[] sign(ObjectId id, SignMechanism mechanism, byte[] data);

    boolean verify(ObjectId id, SignMechanism mechanism, byte[] data, byte[] signature);

    byte[] encrypt(ObjectId id, CipherMechanism mechanism, byte[] data);

    byte[] decrypt(ObjectId id, CipherMechanism mechanism, byte[] data);

    /** Wrap the key named {@code target} under the key named {@code wrappingKey}. */
    byte[] wrap(ObjectId wrappingKey, WrapMechanism mechanism, ObjectId target);

    /** Wrap the key named {@code target} under a public key that is not in this token (a peer's). */
    byte[] wrapForPublicKey(PublicKeyMaterial.Rsa recipient, WrapMechanism mechanism, ObjectId target);

    /**
     * Unwrap a key into a new token object. For key pairs, {@code publicKey} is the public half to
     * create beside it; an RSA public half is checked against the unwrapped private key. On any
     * failure nothing is left behind.
     */
    StoredKey unwrap(ObjectId unwrappingKey, WrapMechanism mechanism, byte[] wrapped, ObjectId id, KeySpec spec,
            Set<KeyUsage> usages, Extractability extractability, PublicKeyMaterial publicKey);

    /**
     * Import a key that a client wrapped for this token: {@code wrappedAesKey} is a 32-byte AES key
     * under the private key {@code transportKey} (RSA-OAEP, SHA-1), which lives only as a session
     * object destroyed before this returns; {@code wrappedKey} is the key under it (AES key wrap with
     * padding: PKCS#8 for pairs, the raw bytes for AES). A session copy is checked first, so a refused
     * key never becomes a token object: the type and size of {@code spec}, an RSA modulus and exponent
     * equal to {@code publicKey}'s, an EC key whose signature over a random digest {@code possession}
     * accepts. Then the key becomes token object {@code id} with the templates {@link #unwrap} uses,
     * beside a public key object for pairs. Fails with EXISTS, INTEGRITY (an unwrap failed) or
     * BAD_INPUT (not the key described); nothing is left behind.
     */
    StoredKey importClientKey(ObjectId transportKey, byte[] wrappedAesKey, byte[] wrappedKey, ObjectId id,
            KeySpec spec, Set<KeyUsage> usages, Extractability extractability, PublicKeyMaterial publicKey,
            PossessionCheck possession);

    /**
     * Open the two layers of a client's import (as {@link #importClientKey} does) for a key the token
     * cannot hold (an ML-DSA seed) and return the key's bytes to the caller, who owns and wipes them.
     * The AES key lives only as a session object; the key itself only as a session object destroyed
     * before this returns. Fails with INTEGRITY (an unwrap failed) or BAD_INPUT (not a 32-byte AES key,
     * or a key of another length than {@code length}).
     */
    byte[] unwrapClientSecret(ObjectId transportKey, byte[] wrappedAesKey, byte[] wrappedKey, int length);

    /** Wrap application-supplied key bytes (KV wrapKey with A*KW) without keeping them. */
    byte[] wrapBytes(ObjectId wrappingKey, WrapMechanism mechanism, byte[] keyBytes);

    /** Unwrap application key bytes (KV unwrapKey with A*KW) and return them. */
    byte[] unwrapBytes(ObjectId unwrappingKey, WrapMechanism mechanism, byte[] wrapped);

    byte[] random(int length);

    @Override
    void close();
}
