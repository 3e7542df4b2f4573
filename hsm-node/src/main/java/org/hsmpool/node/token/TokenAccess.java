package org.hsmpool.node.token;

import static sun.security.pkcs11.wrapper.PKCS11Constants.*;

import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.CK_MECHANISM;
import sun.security.pkcs11.wrapper.PKCS11;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * What every token operation goes through: a session borrowed from the pool, the handle cache, and
 * the retry discipline. A stale handle or a lost session clears what depends on it and the call is
 * retried once, which re-logs in and re-finds handles after a token reset.
 */
final class TokenAccess {

    @FunctionalInterface
    interface SessionCall<T> {
        T apply(long session) throws PKCS11Exception;
    }

    final PKCS11 p11;
    final ObjectIndex index;
    final DataObjects dataObjects;
    private final SessionPool sessions;

    TokenAccess(PKCS11 p11, SessionPool sessions) {
        this.p11 = p11;
        this.sessions = sessions;
        this.index = new ObjectIndex(p11);
        this.dataObjects = new DataObjects(p11);
    }

    SessionStats stats() {
        return sessions.stats();
    }

    <T> T call(String operation, SessionCall<T> body) {
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
                    forgetHandles();
                } else {
                    sessions.release(session);
                    if (Ckr.isHandleStale(code)) {
                        forgetHandles();
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

    private void forgetHandles() {
        index.invalidate();
        dataObjects.clear();
    }

    ObjectIndex.Handles handles(long session, ObjectId id) throws PKCS11Exception {
        ObjectIndex.Handles h = index.get(session, id);
        if (h == null || !h.hasKey()) {
            throw new TokenException(TokenException.Kind.NOT_FOUND, "no key '" + id + "' in this token");
        }
        return h;
    }

    void created(ObjectId id, long secret, long pub) {
        if (pub != -1) {
            index.created(id, CKO_PUBLIC_KEY, pub);
        }
        index.created(id, CKO_PRIVATE_KEY, secret);
    }

    /** Reserve {@code id} for a new key, or fail with EXISTS; end it with index.created or index.release. */
    void claim(long session, ObjectId id) throws PKCS11Exception {
        if (!index.claimKey(session, id)) {
            throw new TokenException(TokenException.Kind.EXISTS, "a key '" + id + "' already exists");
        }
    }

    long secretHalf(long session, ObjectId id) throws PKCS11Exception {
        ObjectIndex.Handles h = handles(session, id);
        if (h.secret() == -1) {
            throw new TokenException(TokenException.Kind.NOT_FOUND, "key '" + id + "' has no private or secret half");
        }
        return h.secret();
    }

    long publicOrSecretHalf(long session, ObjectId id) throws PKCS11Exception {
        ObjectIndex.Handles h = handles(session, id);
        return h.pub() != -1 ? h.pub() : h.secret();
    }

    CK_ATTRIBUTE attribute(long session, long object, long type) throws PKCS11Exception {
        CK_ATTRIBUTE[] a = {new CK_ATTRIBUTE(type)};
        p11.C_GetAttributeValue(session, object, a);
        return a[0];
    }

    boolean flag(long session, long object, long type) throws PKCS11Exception {
        CK_ATTRIBUTE a = attribute(session, object, type);
        return a.pValue != null && a.getBoolean();
    }

    /**
     * The length of a secret key in bytes. SoftHSM2 leaves CKA_VALUE_LEN at 0 on keys made by
     * C_UnwrapKey; then the length is measured, without revealing the key, by wrapping it with
     * CKM_AES_KEY_WRAP_PAD under a throw-away session key (the output is 8 bytes longer than a key
     * whose length is a multiple of 8).
     */
    int secretLength(long session, long key) throws PKCS11Exception {
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

    void destroyQuietly(long session, long object) {
        try {
            p11.C_DestroyObject(session, object);
        } catch (PKCS11Exception e) {
            // best effort on a failure path; the original error is what the caller needs
        }
    }

    void close() {
        forgetHandles();
        sessions.close();
    }
}
