package org.hsmpool.node.token;

import static sun.security.pkcs11.wrapper.PKCS11Constants.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.PKCS11;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * The handles of this node's token objects by object id, read with one C_FindObjects when first
 * needed (and again after a reset made handles stale), then kept up to date by every create and
 * destroy of this process. No create, import or existence check searches the token.
 *
 * <p>Why: SoftHSM2's file object store answers every C_FindObjects by listing the token directory
 * again when the token changed and opening every object file to check that it is current (~30 µs
 * per object here). One find per create made key creation slow down linearly with the token's size
 * (measured through this seam: 3 ms per find at 20 objects, 42 ms at 2,000, 178 ms at 6,000;
 * docs/performance.md, "Keys at scale"). The index relies on the design's rule that one process
 * serves one token: objects another process adds to the same token are not seen until a reload.
 *
 * <p>An id being created is claimed first, so two concurrent creates of one id cannot both succeed.
 */
final class ObjectIndex {

    /** The objects of one id: private or secret half, public half, certificate; -1 where absent. */
    record Handles(long secret, long pub, long certificate) {
        static final Handles NONE = new Handles(-1, -1, -1);

        boolean hasKey() {
            return secret != -1 || pub != -1;
        }

        Handles with(long objectClass, long handle) {
            if (objectClass == CKO_PUBLIC_KEY) {
                return new Handles(secret, handle, certificate);
            } else if (objectClass == CKO_CERTIFICATE) {
                return new Handles(secret, pub, handle);
            } else if (objectClass == CKO_PRIVATE_KEY || objectClass == CKO_SECRET_KEY) {
                return new Handles(handle, pub, certificate);
            }
            return this;
        }
    }

    private final PKCS11 p11;
    private volatile Map<ObjectId, Handles> byId; // null: load before use
    private final Set<ObjectId> claimed = new HashSet<>();

    ObjectIndex(PKCS11 p11) {
        this.p11 = p11;
    }

    /** The handles of {@code id}, or null when the token holds no object with that id. */
    Handles get(long session, ObjectId id) throws PKCS11Exception {
        Map<ObjectId, Handles> current = byId; // the hot path (every sign) takes no lock
        if (current != null) {
            return current.get(id);
        }
        synchronized (this) {
            return loaded(session).get(id);
        }
    }

    /**
     * Reserve {@code id} for a new key; false when the token holds a key with that id or another call
     * is creating one. A successful claim must be ended by {@link #created} or {@link #release}.
     */
    synchronized boolean claimKey(long session, ObjectId id) throws PKCS11Exception {
        Handles h = loaded(session).get(id);
        if ((h != null && h.hasKey()) || claimed.contains(id)) {
            return false;
        }
        claimed.add(id);
        return true;
    }

    /** Record objects just created under {@code id} (the claim, if any, ends). */
    synchronized void created(ObjectId id, long objectClass, long handle) {
        claimed.remove(id);
        if (byId != null) {
            byId.put(id, byId.getOrDefault(id, Handles.NONE).with(objectClass, handle));
        }
    }

    synchronized void release(ObjectId id) {
        claimed.remove(id);
    }

    /** Forget {@code id}, answering what it had (null when nothing). */
    synchronized Handles remove(long session, ObjectId id) throws PKCS11Exception {
        return loaded(session).remove(id);
    }

    /** Ids of the private and secret key objects. */
    synchronized List<ObjectId> keyIds(long session) throws PKCS11Exception {
        List<ObjectId> ids = new ArrayList<>();
        loaded(session).forEach((id, h) -> {
            if (h.secret() != -1) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Handles may be stale (a token or library reset, a re-login): read them again when next needed. */
    synchronized void invalidate() {
        byId = null;
    }

    private Map<ObjectId, Handles> loaded(long session) throws PKCS11Exception {
        if (byId == null) {
            byId = load(session);
        }
        return byId;
    }

    private Map<ObjectId, Handles> load(long session) throws PKCS11Exception {
        Map<ObjectId, Handles> found = new ConcurrentHashMap<>();
        p11.C_FindObjectsInit(session, new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA_TOKEN, true)});
        List<Long> objects = new ArrayList<>();
        try {
            long[] batch;
            while ((batch = p11.C_FindObjects(session, 256)).length > 0) {
                for (long h : batch) {
                    objects.add(h);
                }
            }
        } finally {
            p11.C_FindObjectsFinal(session);
        }
        for (long object : objects) {
            CK_ATTRIBUTE[] a = {new CK_ATTRIBUTE(CKA_CLASS), new CK_ATTRIBUTE(CKA_ID)};
            try {
                p11.C_GetAttributeValue(session, object, a);
            } catch (PKCS11Exception e) {
                if (e.getErrorCode() == Ckr.ATTRIBUTE_TYPE_INVALID) {
                    continue; // a data object (the audit seal state): no CKA_ID, found by its label instead
                }
                throw e;
            }
            byte[] raw = a[1].getByteArray();
            ObjectId id = parse(raw);
            if (id != null) {
                found.put(id, found.getOrDefault(id, Handles.NONE).with(a[0].getLong(), object));
            }
        }
        return found;
    }

    private static ObjectId parse(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return null;
        }
        try {
            return new ObjectId(new String(raw, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException foreign) {
            return null; // an object this node did not create
        }
    }
}
