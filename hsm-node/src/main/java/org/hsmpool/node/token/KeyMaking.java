package org.hsmpool.node.token;

import static sun.security.pkcs11.wrapper.PKCS11Constants.*;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Set;

import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.CK_MECHANISM;
import sun.security.pkcs11.wrapper.PKCS11;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * Making key objects: generated in the token, imported as a value, unwrapped under a token key,
 * imported from a client under a transport key, and certificates. Each reserves its id first, so two
 * calls for one id never both create objects.
 */
final class KeyMaking {

    private final TokenAccess access;
    private final KeyDescriptions keys;
    private final PKCS11 p11;

    KeyMaking(TokenAccess access, KeyDescriptions keys) {
        this.access = access;
        this.keys = keys;
        this.p11 = access.p11;
    }

    StoredKey generate(ObjectId id, KeySpec spec, Set<KeyUsage> usages, Extractability extractability) {
        return access.call("generate " + id, session -> {
            access.claim(session, id);
            try {
                if (spec instanceof KeySpec.Rsa || spec instanceof KeySpec.Ec) {
                    CK_MECHANISM m = new CK_MECHANISM(spec instanceof KeySpec.Rsa ? CKM_RSA_PKCS_KEY_PAIR_GEN
                            : CKM_EC_KEY_PAIR_GEN);
                    long[] pair = p11.C_GenerateKeyPair(session, m, Templates.publicHalf(id, spec, usages, true),
                            Templates.privateHalf(id, spec, usages, extractability, false));
                    access.created(id, pair[1], pair[0]);
                    return new StoredKey(id, spec, usages, keys.readPublic(session, pair[0], spec));
                }
                CK_MECHANISM m = new CK_MECHANISM(spec instanceof KeySpec.Aes ? CKM_AES_KEY_GEN
                        : CKM_GENERIC_SECRET_KEY_GEN);
                long key = p11.C_GenerateKey(session, m, Templates.secret(id, spec, usages, extractability, true));
                access.created(id, key, -1);
                return new StoredKey(id, spec, usages, new PublicKeyMaterial.None());
            } finally {
                access.index.release(id);
            }
        });
    }

    StoredKey importSecret(ObjectId id, KeySpec spec, byte[] value, Set<KeyUsage> usages,
            Extractability extractability) {
        return access.call("import " + id, session -> {
            access.claim(session, id);
            try {
                CK_ATTRIBUTE[] base = Templates.secret(id, spec, usages, extractability, false);
                CK_ATTRIBUTE[] t = Arrays.copyOf(base, base.length + 1);
                t[base.length] = new CK_ATTRIBUTE(CKA_VALUE, value);
                access.created(id, p11.C_CreateObject(session, t), -1);
                return new StoredKey(id, spec, usages, new PublicKeyMaterial.None());
            } finally {
                access.index.release(id);
            }
        });
    }

    void storeCertificate(ObjectId id, byte[] der) {
        byte[] subject;
        try {
            subject = ((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der))).getSubjectX500Principal().getEncoded();
        } catch (CertificateException | ClassCastException e) {
            throw new TokenException(TokenException.Kind.BAD_INPUT, "the certificate for '" + id
                    + "' is not a DER X.509 certificate");
        }
        access.call("store certificate " + id, session -> {
            synchronized (access.index) { // check and create as one step
                ObjectIndex.Handles h = access.index.get(session, id);
                if (h != null && h.certificate() != -1) {
                    throw new TokenException(TokenException.Kind.EXISTS, "a certificate '" + id + "' already exists");
                }
                access.index.created(id, CKO_CERTIFICATE,
                        p11.C_CreateObject(session, Templates.certificate(id, subject, der)));
            }
            return null;
        });
    }

    StoredKey unwrap(ObjectId unwrappingKey, WrapMechanism mechanism, byte[] wrapped, ObjectId id,
            KeySpec spec, Set<KeyUsage> usages, Extractability extractability, PublicKeyMaterial publicKey) {
        return access.call("unwrap " + id, session -> {
            access.claim(session, id);
            try {
                return unwrapClaimed(session, unwrappingKey, mechanism, wrapped, id, spec, usages, extractability,
                        publicKey);
            } finally {
                access.index.release(id);
            }
        });
    }

    private StoredKey unwrapClaimed(long session, ObjectId unwrappingKey, WrapMechanism mechanism, byte[] wrapped,
            ObjectId id, KeySpec spec, Set<KeyUsage> usages, Extractability extractability,
            PublicKeyMaterial publicKey) throws PKCS11Exception {
        long unwrapper = access.secretHalf(session, unwrappingKey);
        CK_ATTRIBUTE[] template = Templates.forUnwrap(spec.isPair()
                ? Templates.privateHalf(id, spec, usages, extractability, true)
                : Templates.secret(id, spec, usages, extractability, false));
        long key = unwrapChecked(session, Mechanisms.of(mechanism), unwrapper, wrapped, template,
                "unwrap of '" + id + "'");
        long pub = -1;
        try {
            if (!keys.isA(session, key, spec)) {
                throw new TokenException(TokenException.Kind.INTEGRITY, "the unwrapped key is not a " + spec);
            }
            if (!keys.rsaPublicMatches(session, key, publicKey)) {
                throw new TokenException(TokenException.Kind.INTEGRITY,
                        "the public key given for '" + id + "' does not match its private key");
            }
            if (spec.isPair()) {
                pub = p11.C_CreateObject(session, Templates.publicValue(id, publicKey, usages, true));
            }
        } catch (PKCS11Exception | RuntimeException e) {
            access.destroyQuietly(session, key);
            if (pub != -1) {
                access.destroyQuietly(session, pub);
            }
            throw e;
        }
        access.created(id, key, pub);
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

    StoredKey importClientKey(ObjectId transportKey, byte[] wrappedAesKey, byte[] wrappedKey, ObjectId id,
            KeySpec spec, Set<KeyUsage> usages, Extractability extractability, PublicKeyMaterial publicKey,
            PossessionCheck possession) {
        return access.call("import " + id, session -> {
            access.claim(session, id);
            try {
                return importClaimed(session, transportKey, wrappedAesKey, wrappedKey, id, spec, usages,
                        extractability, publicKey, possession);
            } finally {
                access.index.release(id);
            }
        });
    }

    private StoredKey importClaimed(long session, ObjectId transportKey, byte[] wrappedAesKey, byte[] wrappedKey,
            ObjectId id, KeySpec spec, Set<KeyUsage> usages, Extractability extractability,
            PublicKeyMaterial publicKey, PossessionCheck possession) throws PKCS11Exception {
        long aes = unwrapChecked(session, Mechanisms.of(WrapMechanism.RSA_OAEP_SHA1),
                access.secretHalf(session, transportKey), wrappedAesKey, Templates.transientUnwrapKey(),
                "unwrap of the AES key for '" + id + "'");
        try {
            if (access.secretLength(session, aes) != 32) {
                throw new TokenException(TokenException.Kind.BAD_INPUT,
                        "the key for '" + id + "' is not wrapped under a 32-byte AES key");
            }
            CK_MECHANISM kwp = Mechanisms.of(WrapMechanism.AES_KEY_WRAP_PAD);
            long copy = unwrapChecked(session, kwp, aes, wrappedKey, Templates.importCheck(spec),
                    "unwrap of '" + id + "'");
            try {
                checkClientKey(session, copy, id, spec, publicKey, possession);
            } finally {
                access.destroyQuietly(session, copy);
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
                access.destroyQuietly(session, key);
                throw e;
            }
            access.created(id, key, pub);
            return new StoredKey(id, spec, usages, spec.isPair() ? publicKey : new PublicKeyMaterial.None());
        } finally {
            access.destroyQuietly(session, aes);
        }
    }

    byte[] unwrapClientSecret(ObjectId transportKey, byte[] wrappedAesKey, byte[] wrappedKey, int length) {
        return access.call("unwrap a client's secret", session -> {
            long aes = unwrapChecked(session, Mechanisms.of(WrapMechanism.RSA_OAEP_SHA1),
                    access.secretHalf(session, transportKey), wrappedAesKey, Templates.transientUnwrapKey(),
                    "unwrap of the AES key");
            try {
                if (access.secretLength(session, aes) != 32) {
                    throw new TokenException(TokenException.Kind.BAD_INPUT, "the key is not wrapped under a 32-byte AES key");
                }
                long secret = unwrapChecked(session, Mechanisms.of(WrapMechanism.AES_KEY_WRAP_PAD), aes, wrappedKey,
                        Templates.transientSecret(null), "unwrap of the key");
                try {
                    byte[] value = access.attribute(session, secret, CKA_VALUE).getByteArray();
                    if (value.length != length) {
                        Arrays.fill(value, (byte) 0);
                        throw new TokenException(TokenException.Kind.BAD_INPUT,
                                "the wrapped key is not " + length + " bytes long");
                    }
                    return value;
                } finally {
                    access.destroyQuietly(session, secret);
                }
            } finally {
                access.destroyQuietly(session, aes);
            }
        });
    }

    private void checkClientKey(long session, long copy, ObjectId id, KeySpec spec, PublicKeyMaterial publicKey,
            PossessionCheck possession) throws PKCS11Exception {
        if (!keys.isA(session, copy, spec)) {
            throw new TokenException(TokenException.Kind.BAD_INPUT, "the key for '" + id + "' is not a " + spec);
        }
        boolean matches = keys.rsaPublicMatches(session, copy, publicKey);
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
}
