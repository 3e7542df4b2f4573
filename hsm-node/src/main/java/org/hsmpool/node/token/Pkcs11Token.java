package org.hsmpool.node.token;

import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import sun.security.pkcs11.wrapper.PKCS11;

/**
 * The token through the JDK's low-level PKCS#11 wrapper. This class opens the token and hands each
 * operation to the part that owns it: {@link TokenAccess} (sessions, the handle cache and the retry
 * discipline), {@link KeyDescriptions} (what a key object is), {@link KeyMaking} (generate, import,
 * unwrap, certificates) and {@link TokenCrypto} (sign, verify, encrypt, decrypt, wrap, random).
 */
public final class Pkcs11Token implements Token {

    private final long slot;
    private final TokenInfo info;
    private final TokenAccess access;
    private final KeyDescriptions keys;
    private final KeyMaking making;
    private final TokenCrypto crypto;

    private Pkcs11Token(PKCS11 p11, long slot, TokenInfo info, SessionPool sessions) {
        this.slot = slot;
        this.info = info;
        this.access = new TokenAccess(p11, sessions);
        this.keys = new KeyDescriptions(access);
        this.making = new KeyMaking(access, keys);
        this.crypto = new TokenCrypto(access, keys);
    }

    /**
     * Load the library, find the slot whose token carries the configured label, and log in. A wrong
     * PIN fails here, so a node with a bad configuration never starts serving.
     */
    public static Pkcs11Token open(TokenConfig config) {
        PKCS11 p11 = Pkcs11Library.load(config.library());
        long slot = Pkcs11Library.resolveSlot(p11, config);
        TokenInfo info = Pkcs11Library.readInfo(p11, slot, config.tokenLabel());
        SessionPool pool = new SessionPool(p11, slot, config);
        Pkcs11Token token = new Pkcs11Token(p11, slot, info, pool);
        try {
            pool.release(pool.borrow()); // opens the first session and logs in
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return token;
    }

    @Override
    public TokenInfo info() {
        return info;
    }

    @Override
    public SessionStats sessions() {
        return access.stats();
    }

    @Override
    public boolean probe() {
        try {
            return access.call("probe", session -> {
                access.p11.C_GetSessionInfo(session);
                return true;
            });
        } catch (TokenException e) {
            return false;
        }
    }

    @Override
    public StoredKey generate(ObjectId id, KeySpec spec, Set<KeyUsage> usages, Extractability extractability) {
        requireTokenKind(spec);
        return making.generate(id, spec, usages, extractability);
    }

    @Override
    public StoredKey importSecret(ObjectId id, KeySpec spec, byte[] value, Set<KeyUsage> usages,
            Extractability extractability) {
        requireTokenKind(spec);
        return making.importSecret(id, spec, value, usages, extractability);
    }

    @Override
    public Optional<StoredKey> find(ObjectId id) {
        try {
            return Optional.of(access.call("describe " + id, session -> keys.describe(session, id)));
        } catch (TokenException e) {
            if (e.kind() == TokenException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public KeyAttributes attributes(ObjectId id) {
        return access.call("read the attributes of " + id, session -> keys.attributes(session, id));
    }

    @Override
    public void storeCertificate(ObjectId id, byte[] der) {
        making.storeCertificate(id, der);
    }

    @Override
    public Optional<byte[]> certificate(ObjectId id) {
        return access.call("read certificate " + id, session -> {
            ObjectIndex.Handles h = access.index.get(session, id);
            return h == null || h.certificate() == -1 ? Optional.<byte[]>empty()
                    : Optional.of(access.attribute(session, h.certificate(), CKA_VALUE).getByteArray());
        });
    }

    @Override
    public void replaceData(ObjectId id, byte[] value) {
        access.call("store data " + id, session -> {
            access.dataObjects.replace(session, id, value);
            return null;
        });
    }

    @Override
    public List<byte[]> data(ObjectId id) {
        return access.call("read data " + id, session -> access.dataObjects.values(session, id));
    }

    @Override
    public Map<ObjectId, List<byte[]>> allData() {
        return access.call("read data objects", access.dataObjects::all);
    }

    @Override
    public boolean destroyData(ObjectId id) {
        return access.call("destroy data " + id, session -> access.dataObjects.destroy(session, id));
    }

    @Override
    public byte[] unwrapClientSecret(ObjectId transportKey, byte[] wrappedAesKey, byte[] wrappedKey, int length) {
        return making.unwrapClientSecret(transportKey, wrappedAesKey, wrappedKey, length);
    }

    @Override
    public List<ObjectId> list() {
        return access.call("list", access.index::keyIds);
    }

    @Override
    public boolean destroy(ObjectId id) {
        return access.call("destroy " + id, session -> {
            ObjectIndex.Handles h = access.index.remove(session, id);
            if (h == null) {
                return false;
            }
            for (long object : new long[] {h.secret(), h.pub(), h.certificate()}) {
                if (object != -1) {
                    access.p11.C_DestroyObject(session, object);
                }
            }
            return true;
        });
    }

    @Override
    public byte[] sign(ObjectId id, SignMechanism mechanism, byte[] data) {
        return crypto.sign(id, mechanism, data);
    }

    @Override
    public boolean verify(ObjectId id, SignMechanism mechanism, byte[] data, byte[] signature) {
        return crypto.verify(id, mechanism, data, signature);
    }

    @Override
    public byte[] encrypt(ObjectId id, CipherMechanism mechanism, byte[] data) {
        return crypto.encrypt(id, mechanism, data);
    }

    @Override
    public byte[] decrypt(ObjectId id, CipherMechanism mechanism, byte[] data) {
        return crypto.decrypt(id, mechanism, data);
    }

    @Override
    public byte[] wrap(ObjectId wrappingKey, WrapMechanism mechanism, ObjectId target) {
        return crypto.wrap(wrappingKey, mechanism, target);
    }

    @Override
    public byte[] wrapForPublicKey(PublicKeyMaterial.Rsa recipient, WrapMechanism mechanism, ObjectId target) {
        return crypto.wrapForPublicKey(recipient, mechanism, target);
    }

    @Override
    public StoredKey unwrap(ObjectId unwrappingKey, WrapMechanism mechanism, byte[] wrapped, ObjectId id,
            KeySpec spec, Set<KeyUsage> usages, Extractability extractability, PublicKeyMaterial publicKey) {
        requireTokenKind(spec);
        return making.unwrap(unwrappingKey, mechanism, wrapped, id, spec, usages, extractability, publicKey);
    }

    @Override
    public StoredKey importClientKey(ObjectId transportKey, byte[] wrappedAesKey, byte[] wrappedKey, ObjectId id,
            KeySpec spec, Set<KeyUsage> usages, Extractability extractability, PublicKeyMaterial publicKey,
            PossessionCheck possession) {
        requireTokenKind(spec);
        return making.importClientKey(transportKey, wrappedAesKey, wrappedKey, id, spec, usages, extractability,
                publicKey, possession);
    }

    @Override
    public byte[] wrapBytes(ObjectId wrappingKey, WrapMechanism mechanism, byte[] keyBytes) {
        return crypto.wrapBytes(wrappingKey, mechanism, keyBytes);
    }

    @Override
    public byte[] unwrapBytes(ObjectId unwrappingKey, WrapMechanism mechanism, byte[] wrapped) {
        return crypto.unwrapBytes(unwrappingKey, mechanism, wrapped);
    }

    @Override
    public byte[] random(int length) {
        return crypto.random(length);
    }

    @Override
    public void close() {
        access.close();
    }

    /** A kind of key this token cannot hold (ML-DSA before PKCS#11 3.2) never reaches a template. */
    private static void requireTokenKind(KeySpec spec) {
        if (!spec.inToken()) {
            throw new TokenException(TokenException.Kind.BAD_INPUT, spec + " keys cannot be token objects here");
        }
    }

    @Override
    public String toString() {
        return "Pkcs11Token[" + info.label() + " slot " + slot + "]";
    }
}
