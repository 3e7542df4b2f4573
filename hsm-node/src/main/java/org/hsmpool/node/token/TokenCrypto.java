package org.hsmpool.node.token;

import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;

import java.util.Arrays;
import java.util.EnumSet;

import sun.security.pkcs11.wrapper.CK_MECHANISM;
import sun.security.pkcs11.wrapper.PKCS11;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/** The token's cryptographic operations on keys it holds: sign, verify, encrypt, decrypt, wrap, random. */
final class TokenCrypto {

    private final TokenAccess access;
    private final KeyDescriptions keys;
    private final PKCS11 p11;

    TokenCrypto(TokenAccess access, KeyDescriptions keys) {
        this.access = access;
        this.keys = keys;
        this.p11 = access.p11;
    }

    byte[] sign(ObjectId id, SignMechanism mechanism, byte[] data) {
        return access.call("sign with " + id, session -> {
            p11.C_SignInit(session, Mechanisms.of(mechanism), access.secretHalf(session, id));
            return p11.C_Sign(session, data);
        });
    }

    boolean verify(ObjectId id, SignMechanism mechanism, byte[] data, byte[] signature) {
        return access.call("verify with " + id, session -> {
            p11.C_VerifyInit(session, Mechanisms.of(mechanism), access.publicOrSecretHalf(session, id));
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

    byte[] encrypt(ObjectId id, CipherMechanism mechanism, byte[] data) {
        return access.call("encrypt with " + id, session -> {
            long key = access.publicOrSecretHalf(session, id);
            byte[] out = new byte[Mechanisms.outputBound(mechanism, data.length, keys.modulusBytes(session, key))];
            CK_MECHANISM m = Mechanisms.of(mechanism);
            try {
                p11.C_EncryptInit(session, m, key);
                int n = p11.C_Encrypt(session, 0, data, 0, data.length, 0, out, 0, out.length);
                return Arrays.copyOf(out, n);
            } finally {
                Mechanisms.free(m);
            }
        });
    }

    byte[] decrypt(ObjectId id, CipherMechanism mechanism, byte[] data) {
        return access.call("decrypt with " + id, session -> {
            long key = access.secretHalf(session, id);
            byte[] out = new byte[Math.max(data.length, keys.modulusBytes(session, key))];
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
                return Arrays.copyOf(out, n);
            } finally {
                Mechanisms.free(m);
            }
        });
    }

    byte[] wrap(ObjectId wrappingKey, WrapMechanism mechanism, ObjectId target) {
        return access.call("wrap " + target + " under " + wrappingKey, session -> p11.C_WrapKey(session,
                Mechanisms.of(mechanism), access.publicOrSecretHalf(session, wrappingKey),
                access.secretHalf(session, target)));
    }

    byte[] wrapForPublicKey(PublicKeyMaterial.Rsa recipient, WrapMechanism mechanism, ObjectId target) {
        return access.call("wrap " + target + " for a peer", session -> {
            long peer = p11.C_CreateObject(session,
                    Templates.publicValue(null, recipient, EnumSet.of(KeyUsage.WRAP), false));
            try {
                return p11.C_WrapKey(session, Mechanisms.of(mechanism), peer, access.secretHalf(session, target));
            } finally {
                p11.C_DestroyObject(session, peer);
            }
        });
    }

    byte[] wrapBytes(ObjectId wrappingKey, WrapMechanism mechanism, byte[] keyBytes) {
        return access.call("wrap bytes under " + wrappingKey, session -> {
            long wrapper = access.secretHalf(session, wrappingKey);
            long temp = p11.C_CreateObject(session, Templates.transientSecret(keyBytes));
            try {
                return p11.C_WrapKey(session, Mechanisms.of(mechanism), wrapper, temp);
            } finally {
                p11.C_DestroyObject(session, temp);
            }
        });
    }

    byte[] unwrapBytes(ObjectId unwrappingKey, WrapMechanism mechanism, byte[] wrapped) {
        return access.call("unwrap bytes under " + unwrappingKey, session -> {
            long unwrapper = access.secretHalf(session, unwrappingKey);
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
                return access.attribute(session, temp, CKA_VALUE).getByteArray();
            } finally {
                p11.C_DestroyObject(session, temp);
            }
        });
    }

    byte[] random(int length) {
        return access.call("random", session -> {
            byte[] out = new byte[length];
            p11.C_GenerateRandom(session, out);
            return out;
        });
    }
}
