package org.hsmpool.node.token;

import static sun.security.pkcs11.wrapper.PKCS11Constants.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.CK_C_INITIALIZE_ARGS;
import sun.security.pkcs11.wrapper.CK_MECHANISM;
import sun.security.pkcs11.wrapper.CK_TOKEN_INFO;
import sun.security.pkcs11.wrapper.Functions;
import sun.security.pkcs11.wrapper.PKCS11;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * The token through the JDK's low-level PKCS#11 wrapper. Key handles are cached by object id
 * (a find costs about 2 ms on SoftHSM2); a stale handle or a lost session clears what depends on it
 * and the call is retried once, which re-logs in and re-finds handles after a token reset.
 */
public final class Pkcs11Token implements Token {

    private final PKCS11 p11;
    private final long slot;
    private final TokenInfo info;
    private final SessionPool sessions;
    private final ObjectIndex index;
    private final DataObjects dataObjects;

    @FunctionalInterface
    private interface SessionCall<T> {
        T apply(long session) throws PKCS11Exception;
    }

    private Pkcs11Token(PKCS11 p11, long slot, TokenInfo info, SessionPool sessions) {
        this.p11 = p11;
        this.slot = slot;
        this.info = info;
        this.sessions = sessions;
        this.index = new ObjectIndex(p11);
        this.dataObjects = new DataObjects(p11);
    }

    /**
     * Load the library, find the slot whose token carries the configured label, and log in. A wrong
     * PIN fails here, so a node with a bad configuration never starts serving.
     */
    public static Pkcs11Token open(TokenConfig config) {
        PKCS11 p11 = load(config.library());
        long slot = resolveSlot(p11, config);
        TokenInfo info = readInfo(p11, slot, config.tokenLabel());
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

    static PKCS11 load(String library) {
        if (!new java.io.File(library).canRead()) {
            throw new TokenException(TokenException.Kind.UNAVAILABLE, "PKCS#11 library not readable: " + library);
        }
        CK_C_INITIALIZE_ARGS args = new CK_C_INITIALIZE_ARGS();
        args.flags = CKF_OS_LOCKING_OK;
        try {
            return PKCS11.getInstance(library, "C_GetFunctionList", args, false);
        } catch (PKCS11Exception e) {
            throw new TokenException(TokenException.Kind.UNAVAILABLE, "cannot initialise PKCS#11 library " + library,
                    Ckr.name(e.getErrorCode()), null);
        } catch (java.io.IOException e) {
            throw new TokenException(TokenException.Kind.UNAVAILABLE,
                    "cannot load PKCS#11 library " + library + ": " + e.getMessage(), "", e);
        }
    }

    static long resolveSlot(PKCS11 p11, TokenConfig config) {
        try {
            List<String> seen = new ArrayList<>();
            Long found = null;
            for (long slot : p11.C_GetSlotList(true)) {
                String label = new String(p11.C_GetTokenInfo(slot).label).trim();
                seen.add(label);
                if (label.equals(config.tokenLabel())) {
                    if (found != null) {
                        throw new TokenException(TokenException.Kind.UNAVAILABLE,
                                "two tokens carry the label '" + config.tokenLabel() + "'; labels must be unique");
                    }
                    found = slot;
                }
            }
            if (found == null) {
                throw new TokenException(TokenException.Kind.UNAVAILABLE, "no token labelled '" + config.tokenLabel()
                        + "' in " + config.library() + " (tokens present: " + seen + ")");
            }
            return found;
        } catch (PKCS11Exception e) {
            throw new TokenException(TokenException.Kind.UNAVAILABLE, "cannot list slots",
                    Ckr.name(e.getErrorCode()), null);
        }
    }

    private static TokenInfo readInfo(PKCS11 p11, long slot, String label) {
        try {
            CK_TOKEN_INFO t = p11.C_GetTokenInfo(slot);
            List<String> mechanisms = new ArrayList<>();
            for (long m : p11.C_GetMechanismList(slot)) {
                mechanisms.add(mechanismName(m));
            }
            return new TokenInfo(label, new String(t.serialNumber).trim(), new String(t.manufacturerID).trim(),
                    new String(t.model).trim(), slot, mechanisms);
        } catch (PKCS11Exception e) {
            throw new TokenException(TokenException.Kind.UNAVAILABLE, "cannot read token information",
                    Ckr.name(e.getErrorCode()), null);
        }
    }

    private static String mechanismName(long m) {
        try {
            String name = Functions.getMechanismName(m);
            return name != null ? name : String.format("CKM_0x%08X", m);
        } catch (RuntimeException unknown) {
            return String.format("CKM_0x%08X", m);
        }
    }

    // ------------------------------------------------------------------------------------------
    // session discipline

    private <T> T call(String operation, SessionCall<T> body) {
        for (int attempt = 0;; attempt++) {
            long session = sessions.borrow();
            try {
                T result = body.apply(session);
                sessions.release(session);
                return result;
            } catch (PKCS11Exception e) {
                long code = e.getErrorCode();
                if (Ckr.isSessionLost(code)) {
                    sessions.evict(session);
                    sessions.evictIdle();
                    index.invalidate();
                    dataObjects.clear();
                } else {
                    sessions.release(session);
                    if (Ckr.isHandleStale(code)) {
                        index.invalidate();
                        dataObjects.clear();
                    }
                }
                if (attempt == 0 && (Ckr.isSessionLost(code) || Ckr.isHandleStale(code))) {
                    continue;
                }
                throw new TokenException(Ckr.kindOf(code), operation + " failed", Ckr.name(code), null);
            } catch (RuntimeException e) {
                sessions.release(session);
                throw e;
            }
        }
    }

    private ObjectIndex.Handles handles(long session, ObjectId id) throws PKCS11Exception {
        ObjectIndex.Handles h = index.get(session, id);
        if (h == null || !h.hasKey()) {
            throw new TokenException(TokenException.Kind.NOT_FOUND, "no key '" + id + "' in this token");
        }
        return h;
    }

    private void created(ObjectId id, long secret, long pub) {
        if (pub != -1) {
            index.created(id, CKO_PUBLIC_KEY, pub);
        }
        index.created(id, CKO_PRIVATE_KEY, secret);
    }

    /** Reserve {@code id} for a new key, or fail with EXISTS; end it with index.created or index.release. */
    private void claim(long session, ObjectId id) throws PKCS11Exception {
        if (!index.claimKey(session, id)) {
            throw new TokenException(TokenException.Kind.EXISTS, "a key '" + id + "' already exists");
        }
    }

    private long secretHalf(long session, ObjectId id) throws PKCS11Exception {
        ObjectIndex.Handles h = handles(session, id);
        if (h.secret() == -1) {
            throw new TokenException(TokenException.Kind.NOT_FOUND, "key '" + id + "' has no private or secret half");
        }
        return h.secret();
    }

    private long publicOrSecretHalf(long session, ObjectId id) throws PKCS11Exception {
        ObjectIndex.Handles h = handles(session, id);
        return h.pub() != -1 ? h.pub() : h.secret();
    }

    private CK_ATTRIBUTE attribute(long session, long object, long type) throws PKCS11Exception {
        CK_ATTRIBUTE[] a = {new CK_ATTRIBUTE(type)};
        p11.C_GetAttributeValue(session, object, a);
        return a[0];
    }

    // ------------------------------------------------------------------------------------------
    // Token

    @Override
    public TokenInfo info() {
        return info;
    }

    @Override
    public SessionStats sessions() {
        return sessions.stats();
    }

    @Override
    public boolean probe() {
        try {
            return call("probe", session -> {
                p11.C_GetSessionInfo(session);
                return true;
            });
        } catch (TokenException e) {
            return false;
        }
    }

    @Override
    public StoredKey generate(ObjectId id, KeySpec spec, Set<KeyUsage> usages, Extractability extractability) {
        return call("generate " + id, session -> {
            claim(session, id);
            try {
                if (spec instanceof KeySpec.Rsa || spec instanceof KeySpec.Ec) {
                    CK_MECHANISM m = new CK_MECHANISM(spec instanceof KeySpec.Rsa ? CKM_RSA_PKCS_KEY_PAIR_GEN
                            : CKM_EC_KEY_PAIR_GEN);
                    long[] pair = p11.C_GenerateKeyPair(session, m, Templates.publicHalf(id, spec, usages, true),
                            Templates.privateHalf(id, spec, usages, extractability, false));
                    created(id, pair[1], pair[0]);
                    return new StoredKey(id, spec, usages, readPublic(session, pair[0], spec));
                }
                CK_MECHANISM m = new CK_MECHANISM(spec instanceof KeySpec.Aes ? CKM_AES_KEY_GEN
                        : CKM_GENERIC_SECRET_KEY_GEN);
                long key = p11.C_GenerateKey(session, m, Templates.secret(id, spec, usages, extractability, true));
                created(id, key, -1);
                return new StoredKey(id, spec, usages, new PublicKeyMaterial.None());
            } finally {
                index.release(id);
            }
        });
    }

    @Override
    public StoredKey importSecret(ObjectId id, KeySpec spec, byte[] value, Set<KeyUsage> usages,
            Extractability extractability) {
        return call("import " + id, session -> {
            claim(session, id);
            try {
                CK_ATTRIBUTE[] base = Templates.secret(id, spec, usages, extractability, false);
                CK_ATTRIBUTE[] t = java.util.Arrays.copyOf(base, base.length + 1);
                t[base.length] = new CK_ATTRIBUTE(CKA_VALUE, value);
                created(id, p11.C_CreateObject(session, t), -1);
                return new StoredKey(id, spec, usages, new PublicKeyMaterial.None());
            } finally {
                index.release(id);
            }
        });
    }

    @Override
    public Optional<StoredKey> find(ObjectId id) {
        try {
            return Optional.of(call("describe " + id, session -> describe(session, id)));
        } catch (TokenException e) {
            if (e.kind() == TokenException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void storeCertificate(ObjectId id, byte[] der) {
        byte[] subject;
        try {
            subject = ((java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(der))).getSubjectX500Principal().getEncoded();
        } catch (java.security.cert.CertificateException | ClassCastException e) {
            throw new TokenException(TokenException.Kind.BAD_INPUT, "the certificate for '" + id
                    + "' is not a DER X.509 certificate");
        }
        call("store certificate " + id, session -> {
            synchronized (index) { // check and create as one step
                ObjectIndex.Handles h = index.get(session, id);
                if (h != null && h.certificate() != -1) {
                    throw new TokenException(TokenException.Kind.EXISTS, "a certificate '" + id + "' already exists");
                }
                index.created(id, CKO_CERTIFICATE, p11.C_CreateObject(session, Templates.certificate(id, subject, der)));
            }
            return null;
        });
    }

    @Override
    public Optional<byte[]> certificate(ObjectId id) {
        return call("read certificate " + id, session -> {
            ObjectIndex.Handles h = index.get(session, id);
            return h == null || h.certificate() == -1 ? Optional.<byte[]>empty()
                    : Optional.of(attribute(session, h.certificate(), CKA_VALUE).getByteArray());
        });
    }

    @Override
    public KeyAttributes attributes(ObjectId id) {
        return call("read the attributes of " + id, session -> {
            long secret = handles(session, id).secret();
            if (secret == -1) {
                throw new TokenException(TokenException.Kind.NOT_FOUND, "key '" + id + "' has no private or secret half");
            }
            return new KeyAttributes(flag(session, secret, CKA_SENSITIVE), flag(session, secret, CKA_ALWAYS_SENSITIVE),
                    flag(session, secret, CKA_EXTRACTABLE), flag(session, secret, CKA_NEVER_EXTRACTABLE),
                    flag(session, secret, CKA_LOCAL), flag(session, secret, CKA_PRIVATE), flag(session, secret, CKA_TOKEN));
        });
    }

    private boolean flag(long session, long object, long type) throws PKCS11Exception {
        CK_ATTRIBUTE a = attribute(session, object, type);
        return a.pValue != null && a.getBoolean();
    }

    @Override
    public void replaceData(ObjectId id, byte[] value) {
        call("store data " + id, session -> {
            dataObjects.replace(session, id, value);
            return null;
        });
    }

    @Override
    public List<byte[]> data(ObjectId id) {
        return call("read data " + id, session -> dataObjects.values(session, id));
    }

    private StoredKey describe(long session, ObjectId id) throws PKCS11Exception {
        ObjectIndex.Handles h = handles(session, id);
        EnumSet<KeyUsage> usages = EnumSet.noneOf(KeyUsage.class);
        KeySpec spec;
        PublicKeyMaterial pub = new PublicKeyMaterial.None();
        long any = h.secret() != -1 ? h.secret() : h.pub();
        long type = attribute(session, any, CKA_KEY_TYPE).getLong();
        if (type == CKK_RSA) {
            BigInteger modulus = attribute(session, any, CKA_MODULUS).getBigInteger();
            spec = new KeySpec.Rsa(modulus.bitLength());
        } else if (type == CKK_EC) {
            Curve curve = Curve.fromOidDer(attribute(session, any, CKA_EC_PARAMS).getByteArray());
            if (curve == null) {
                throw new TokenException(TokenException.Kind.TOKEN, "key '" + id + "' is on an unsupported curve");
            }
            spec = new KeySpec.Ec(curve);
        } else if (type == CKK_AES) {
            spec = new KeySpec.Aes(secretLength(session, any) * 8);
        } else if (type == CKK_GENERIC_SECRET) {
            spec = new KeySpec.HmacSecret(secretLength(session, any) * 8);
        } else {
            throw new TokenException(TokenException.Kind.TOKEN, "key '" + id + "' has an unsupported key type");
        }
        if (h.secret() != -1) {
            addUsages(session, h.secret(), usages, spec.isPair()
                    ? new long[] {CKA_SIGN, CKA_DECRYPT, CKA_UNWRAP}
                    : new long[] {CKA_SIGN, CKA_VERIFY, CKA_ENCRYPT, CKA_DECRYPT, CKA_WRAP, CKA_UNWRAP});
        }
        if (h.pub() != -1) {
            addUsages(session, h.pub(), usages, new long[] {CKA_VERIFY, CKA_ENCRYPT, CKA_WRAP});
            pub = readPublic(session, h.pub(), spec);
        }
        return new StoredKey(id, spec, usages, pub);
    }

    private void addUsages(long session, long object, Set<KeyUsage> usages, long[] types) throws PKCS11Exception {
        CK_ATTRIBUTE[] a = new CK_ATTRIBUTE[types.length];
        for (int i = 0; i < types.length; i++) {
            a[i] = new CK_ATTRIBUTE(types[i]);
        }
        p11.C_GetAttributeValue(session, object, a);
        for (CK_ATTRIBUTE attr : a) {
            if (attr.pValue != null && attr.getBoolean()) {
                usages.add(usageOf(attr.type));
            }
        }
    }

    private static KeyUsage usageOf(long type) {
        if (type == CKA_SIGN) {
            return KeyUsage.SIGN;
        } else if (type == CKA_VERIFY) {
            return KeyUsage.VERIFY;
        } else if (type == CKA_ENCRYPT) {
            return KeyUsage.ENCRYPT;
        } else if (type == CKA_DECRYPT) {
            return KeyUsage.DECRYPT;
        } else if (type == CKA_WRAP) {
            return KeyUsage.WRAP;
        }
        return KeyUsage.UNWRAP;
    }

    private PublicKeyMaterial readPublic(long session, long pubHandle, KeySpec spec) throws PKCS11Exception {
        if (spec instanceof KeySpec.Rsa) {
            CK_ATTRIBUTE[] a = {new CK_ATTRIBUTE(CKA_MODULUS), new CK_ATTRIBUTE(CKA_PUBLIC_EXPONENT)};
            p11.C_GetAttributeValue(session, pubHandle, a);
            return new PublicKeyMaterial.Rsa(a[0].getBigInteger(), a[1].getBigInteger());
        }
        if (spec instanceof KeySpec.Ec ec) {
            return EcPoints.decode(ec.curve(), attribute(session, pubHandle, CKA_EC_POINT).getByteArray());
        }
        return new PublicKeyMaterial.None();
    }

    @Override
    public List<ObjectId> list() {
        return call("list", index::keyIds);
    }

    @Override
    public boolean destroy(ObjectId id) {
        return call("destroy " + id, session -> {
            ObjectIndex.Handles h = index.remove(session, id);
            if (h == null) {
                return false;
            }
            for (long object : new long[] {h.secret(), h.pub(), h.certificate()}) {
                if (object != -1) {
                    p11.C_DestroyObject(session, object);
                }
            }
            return true;
        });
    }

    @Override
    public byte[] sign(ObjectId id, SignMechanism mechanism, byte[] data) {
        return call("sign with " + id, session -> {
            p11.C_SignInit(session, Mechanisms.of(mechanism), secretHalf(session, id));
            return p11.C_Sign(session, data);
        });
    }

    @Override
    public boolean verify(ObjectId id, SignMechanism mechanism, byte[] data, byte[] signature) {
        return call("verify with " + id, session -> {
            p11.C_VerifyInit(session, Mechanisms.of(mechanism), publicOrSecretHalf(session, id));
            try {
                p11.C_Verify(session, data, signature);
                return true;
            } catch (PKCS11Exception e) {
                if (e.getErrorCode() == Ckr.SIGNATURE_INVALID || e.getErrorCode() == Ckr.SIGNATURE_LEN_RANGE) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public byte[] encrypt(ObjectId id, CipherMechanism mechanism, byte[] data) {
        return call("encrypt with " + id, session -> {
            long key = publicOrSecretHalf(session, id);
            byte[] out = new byte[Mechanisms.outputBound(mechanism, data.length, modulusBytes(session, key))];
            CK_MECHANISM m = Mechanisms.of(mechanism);
            try {
                p11.C_EncryptInit(session, m, key);
                int n = p11.C_Encrypt(session, 0, data, 0, data.length, 0, out, 0, out.length);
                return java.util.Arrays.copyOf(out, n);
            } finally {
                Mechanisms.free(m);
            }
        });
    }

    @Override
    public byte[] decrypt(ObjectId id, CipherMechanism mechanism, byte[] data) {
        return call("decrypt with " + id, session -> {
            long key = secretHalf(session, id);
            byte[] out = new byte[Math.max(data.length, modulusBytes(session, key))];
            CK_MECHANISM m = Mechanisms.of(mechanism);
            try {
                p11.C_DecryptInit(session, m, key);
                int n;
                try {
                    n = p11.C_Decrypt(session, 0, data, 0, data.length, 0, out, 0, out.length);
                } catch (PKCS11Exception e) {
                    if (e.getErrorCode() == Ckr.GENERAL_ERROR) {
                        // SoftHSM2 reports a failed GCM tag or bad padding as CKR_GENERAL_ERROR
                        throw new TokenException(TokenException.Kind.INTEGRITY, "decrypt with " + id
                                + " failed: tag, padding or ciphertext invalid", Ckr.name(e.getErrorCode()), null);
                    }
                    throw e;
                }
                return java.util.Arrays.copyOf(out, n);
            } finally {
                Mechanisms.free(m);
            }
        });
    }

    private int modulusBytes(long session, long key) throws PKCS11Exception {
        CK_ATTRIBUTE[] a = {new CK_ATTRIBUTE(CKA_KEY_TYPE)};
        p11.C_GetAttributeValue(session, key, a);
        if (a[0].getLong() != CKK_RSA) {
            return 0;
        }
        return (attribute(session, key, CKA_MODULUS).getBigInteger().bitLength() + 7) / 8;
    }

    @Override
    public byte[] wrap(ObjectId wrappingKey, WrapMechanism mechanism, ObjectId target) {
        return call("wrap " + target + " under " + wrappingKey, session -> p11.C_WrapKey(session,
                Mechanisms.of(mechanism), publicOrSecretHalf(session, wrappingKey), secretHalf(session, target)));
    }

    @Override
    public byte[] wrapForPublicKey(PublicKeyMaterial.Rsa recipient, WrapMechanism mechanism, ObjectId target) {
        return call("wrap " + target + " for a peer", session -> {
            long peer = p11.C_CreateObject(session,
                    Templates.publicValue(null, recipient, EnumSet.of(KeyUsage.WRAP), false));
            try {
                return p11.C_WrapKey(session, Mechanisms.of(mechanism), peer, secretHalf(session, target));
            } finally {
                p11.C_DestroyObject(session, peer);
            }
        });
    }

    @Override
    public StoredKey unwrap(ObjectId unwrappingKey, WrapMechanism mechanism, byte[] wrapped, ObjectId id,
            KeySpec spec, Set<KeyUsage> usages, Extractability extractability, PublicKeyMaterial publicKey) {
        return call("unwrap " + id, session -> {
            claim(session, id);
            try {
                return unwrapClaimed(session, unwrappingKey, mechanism, wrapped, id, spec, usages, extractability,
                        publicKey);
            } finally {
                index.release(id);
            }
        });
    }

    private StoredKey unwrapClaimed(long session, ObjectId unwrappingKey, WrapMechanism mechanism, byte[] wrapped,
            ObjectId id, KeySpec spec, Set<KeyUsage> usages, Extractability extractability,
            PublicKeyMaterial publicKey) throws PKCS11Exception {
        long unwrapper = secretHalf(session, unwrappingKey);
        CK_ATTRIBUTE[] template = Templates.forUnwrap(spec.isPair()
                ? Templates.privateHalf(id, spec, usages, extractability, true)
                : Templates.secret(id, spec, usages, extractability, false));
        long key = unwrapChecked(session, Mechanisms.of(mechanism), unwrapper, wrapped, template,
                "unwrap of '" + id + "'");
        long pub = -1;
        try {
            if (!isA(session, key, spec)) {
                throw new TokenException(TokenException.Kind.INTEGRITY, "the unwrapped key is not a " + spec);
            }
            if (!rsaPublicMatches(session, key, publicKey)) {
                throw new TokenException(TokenException.Kind.INTEGRITY,
                        "the public key given for '" + id + "' does not match its private key");
            }
            if (spec.isPair()) {
                pub = p11.C_CreateObject(session, Templates.publicValue(id, publicKey, usages, true));
            }
        } catch (PKCS11Exception | RuntimeException e) {
            destroyQuietly(session, key);
            if (pub != -1) {
                destroyQuietly(session, pub);
            }
            throw e;
        }
        created(id, key, pub);
        return new StoredKey(id, spec, usages, spec.isPair() ? publicKey : new PublicKeyMaterial.None());
    }

    /**
     * C_UnwrapKey; SoftHSM2 answers CKR_GENERAL_ERROR when the integrity check of an AES key unwrap
     * or the OAEP decoding fails, so those answers mean INTEGRITY here.
     */
    private long unwrapChecked(long session, CK_MECHANISM mechanism, long unwrapper, byte[] wrapped,
            CK_ATTRIBUTE[] template, String what) throws PKCS11Exception {
        try {
            return p11.C_UnwrapKey(session, mechanism, unwrapper, wrapped, template);
        } catch (PKCS11Exception e) {
            long code = e.getErrorCode();
            if (code == Ckr.GENERAL_ERROR || code == Ckr.WRAPPED_KEY_INVALID || code == Ckr.WRAPPED_KEY_LEN_RANGE
                    || code == Ckr.ENCRYPTED_DATA_INVALID || code == Ckr.ENCRYPTED_DATA_LEN_RANGE) {
                throw new TokenException(TokenException.Kind.INTEGRITY,
                        what + " failed: wrong unwrapping key or corrupted blob", Ckr.name(code), null);
            }
            throw e;
        }
    }

    /** Whether an unwrapped object is what the caller said it is. */
    private boolean isA(long session, long key, KeySpec spec) throws PKCS11Exception {
        long type = attribute(session, key, CKA_KEY_TYPE).getLong();
        if (spec instanceof KeySpec.Rsa rsa) {
            return type == CKK_RSA && attribute(session, key, CKA_MODULUS).getBigInteger().bitLength() == rsa.bits();
        } else if (spec instanceof KeySpec.Ec ec) {
            return type == CKK_EC && java.util.Arrays.equals(
                    attribute(session, key, CKA_EC_PARAMS).getByteArray(), ec.curve().oidDer());
        } else if (spec instanceof KeySpec.Aes aes) {
            return type == CKK_AES && secretLength(session, key) * 8 == aes.bits();
        }
        return type == CKK_GENERIC_SECRET && secretLength(session, key) * 8 == ((KeySpec.HmacSecret) spec).bits();
    }

    /** An RSA private key's modulus and public exponent against a public key (true for other keys). */
    private boolean rsaPublicMatches(long session, long key, PublicKeyMaterial publicKey) throws PKCS11Exception {
        if (!(publicKey instanceof PublicKeyMaterial.Rsa rsa)) {
            return true;
        }
        CK_ATTRIBUTE[] a = {new CK_ATTRIBUTE(CKA_MODULUS), new CK_ATTRIBUTE(CKA_PUBLIC_EXPONENT)};
        p11.C_GetAttributeValue(session, key, a);
        return a[0].getBigInteger().equals(rsa.modulus()) && a[1].getBigInteger().equals(rsa.publicExponent());
    }

    @Override
    public StoredKey importClientKey(ObjectId transportKey, byte[] wrappedAesKey, byte[] wrappedKey, ObjectId id,
            KeySpec spec, Set<KeyUsage> usages, Extractability extractability, PublicKeyMaterial publicKey,
            PossessionCheck possession) {
        return call("import " + id, session -> {
            claim(session, id);
            try {
                return importClaimed(session, transportKey, wrappedAesKey, wrappedKey, id, spec, usages,
                        extractability, publicKey, possession);
            } finally {
                index.release(id);
            }
        });
    }

    private StoredKey importClaimed(long session, ObjectId transportKey, byte[] wrappedAesKey, byte[] wrappedKey,
            ObjectId id, KeySpec spec, Set<KeyUsage> usages, Extractability extractability,
            PublicKeyMaterial publicKey, PossessionCheck possession) throws PKCS11Exception {
        long aes = unwrapChecked(session, Mechanisms.of(WrapMechanism.RSA_OAEP_SHA1),
                secretHalf(session, transportKey), wrappedAesKey, Templates.transientUnwrapKey(),
                "unwrap of the AES key for '" + id + "'");
        try {
            if (secretLength(session, aes) != 32) {
                throw new TokenException(TokenException.Kind.BAD_INPUT,
                        "the key for '" + id + "' is not wrapped under a 32-byte AES key");
            }
            CK_MECHANISM kwp = Mechanisms.of(WrapMechanism.AES_KEY_WRAP_PAD);
            long copy = unwrapChecked(session, kwp, aes, wrappedKey, Templates.importCheck(spec),
                    "unwrap of '" + id + "'");
            try {
                checkClientKey(session, copy, id, spec, publicKey, possession);
            } finally {
                destroyQuietly(session, copy);
            }
            CK_ATTRIBUTE[] template = Templates.forUnwrap(spec.isPair()
                    ? Templates.privateHalf(id, spec, usages, extractability, true)
                    : Templates.secret(id, spec, usages, extractability, false));
            long key = unwrapChecked(session, kwp, aes, wrappedKey, template, "unwrap of '" + id + "'");
            long pub = -1;
            try {
                if (spec.isPair()) {
                    pub = p11.C_CreateObject(session, Templates.publicValue(id, publicKey, usages, true));
                }
            } catch (PKCS11Exception | RuntimeException e) {
                destroyQuietly(session, key);
                throw e;
            }
            created(id, key, pub);
            return new StoredKey(id, spec, usages, spec.isPair() ? publicKey : new PublicKeyMaterial.None());
        } finally {
            destroyQuietly(session, aes);
        }
    }

    private void checkClientKey(long session, long copy, ObjectId id, KeySpec spec, PublicKeyMaterial publicKey,
            PossessionCheck possession) throws PKCS11Exception {
        if (!isA(session, copy, spec)) {
            throw new TokenException(TokenException.Kind.BAD_INPUT, "the key for '" + id + "' is not a " + spec);
        }
        boolean matches = rsaPublicMatches(session, copy, publicKey);
        if (matches && spec instanceof KeySpec.Ec) {
            byte[] digest = new byte[32];
            p11.C_GenerateRandom(session, digest);
            p11.C_SignInit(session, new CK_MECHANISM(CKM_ECDSA), copy);
            matches = possession.verifies(digest, p11.C_Sign(session, digest));
        }
        if (!matches) {
            throw new TokenException(TokenException.Kind.BAD_INPUT,
                    "the public key given for '" + id + "' does not match its private key");
        }
    }

    /**
     * The length of a secret key in bytes. SoftHSM2 leaves CKA_VALUE_LEN at 0 on keys made by
     * C_UnwrapKey; then the length is measured, without revealing the key, by wrapping it with
     * CKM_AES_KEY_WRAP_PAD under a throw-away session key (the output is 8 bytes longer than a key
     * whose length is a multiple of 8).
     */
    private int secretLength(long session, long key) throws PKCS11Exception {
        long declared = attribute(session, key, CKA_VALUE_LEN).getLong();
        if (declared > 0) {
            return (int) declared;
        }
        long probe = p11.C_GenerateKey(session, new CK_MECHANISM(CKM_AES_KEY_GEN), Templates.transientWrapKey());
        try {
            return p11.C_WrapKey(session, new CK_MECHANISM(CKM_AES_KEY_WRAP_PAD), probe, key).length - 8;
        } finally {
            p11.C_DestroyObject(session, probe);
        }
    }

    @Override
    public byte[] wrapBytes(ObjectId wrappingKey, WrapMechanism mechanism, byte[] keyBytes) {
        return call("wrap bytes under " + wrappingKey, session -> {
            long wrapper = secretHalf(session, wrappingKey);
            long temp = p11.C_CreateObject(session, Templates.transientSecret(keyBytes));
            try {
                return p11.C_WrapKey(session, Mechanisms.of(mechanism), wrapper, temp);
            } finally {
                p11.C_DestroyObject(session, temp);
            }
        });
    }

    @Override
    public byte[] unwrapBytes(ObjectId unwrappingKey, WrapMechanism mechanism, byte[] wrapped) {
        return call("unwrap bytes under " + unwrappingKey, session -> {
            long unwrapper = secretHalf(session, unwrappingKey);
            long temp;
            try {
                temp = p11.C_UnwrapKey(session, Mechanisms.of(mechanism), unwrapper, wrapped,
                        Templates.transientSecret(null));
            } catch (PKCS11Exception e) {
                if (e.getErrorCode() == Ckr.GENERAL_ERROR) {
                    throw new TokenException(TokenException.Kind.INTEGRITY,
                            "unwrap failed: wrong key or corrupted input", Ckr.name(e.getErrorCode()), null);
                }
                throw e;
            }
            try {
                return attribute(session, temp, CKA_VALUE).getByteArray();
            } finally {
                p11.C_DestroyObject(session, temp);
            }
        });
    }

    @Override
    public byte[] random(int length) {
        return call("random", session -> {
            byte[] out = new byte[length];
            p11.C_GenerateRandom(session, out);
            return out;
        });
    }

    private void destroyQuietly(long session, long object) {
        try {
            p11.C_DestroyObject(session, object);
        } catch (PKCS11Exception e) {
            // best effort on a failure path; the original error is what the caller needs
        }
    }

    @Override
    public void close() {
        index.invalidate();
        dataObjects.clear();
        sessions.close();
    }

    @Override
    public String toString() {
        return "Pkcs11Token[" + info.label() + " slot " + slot + "]";
    }
}
