package org.hsmpool.node.token;

import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.PKCS11;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * The node's private data objects (CKO_DATA, found by CKA_LABEL: data objects have no CKA_ID, so
 * {@link ObjectIndex} leaves them out). Their handles are cached after one search, because a search
 * in SoftHSM2's file store reads every object of the token (about 30 µs each): at 10,000 keys one
 * search would cost more than half a second, and the audit seal state is replaced at every seal.
 * Like the index, this assumes one process per token; on any token error the cache entry is dropped
 * and the next call searches again.
 */
final class DataObjects {
    private final PKCS11 p11;
    private final ConcurrentMap<ObjectId, List<Long>> handles = new ConcurrentHashMap<>();

    DataObjects(PKCS11 p11) {
        this.p11 = p11;
    }

    /** Creates the new object first, then destroys the old ones: a crash in between leaves both. */
    void replace(long session, ObjectId id, byte[] value) throws PKCS11Exception {
        try {
            List<Long> old = handles(session, id);
            long created = p11.C_CreateObject(session, Templates.data(id, value));
            handles.put(id, List.of(created));
            for (long object : old) {
                p11.C_DestroyObject(session, object);
            }
        } catch (PKCS11Exception | RuntimeException e) {
            handles.remove(id);
            throw e;
        }
    }

    List<byte[]> values(long session, ObjectId id) throws PKCS11Exception {
        try {
            List<byte[]> values = new ArrayList<>();
            for (long object : handles(session, id)) {
                CK_ATTRIBUTE[] a = {new CK_ATTRIBUTE(CKA_VALUE)};
                p11.C_GetAttributeValue(session, object, a);
                values.add(a[0].getByteArray());
            }
            return values;
        } catch (PKCS11Exception | RuntimeException e) {
            handles.remove(id);
            throw e;
        }
    }

    /** Every data object of this node by label, with one search; the handles are cached as a side effect. */
    Map<ObjectId, List<byte[]>> all(long session) throws PKCS11Exception {
        Map<ObjectId, List<Long>> found = new HashMap<>();
        p11.C_FindObjectsInit(session, Templates.allData());
        try {
            long[] batch;
            while ((batch = p11.C_FindObjects(session, 256)).length > 0) {
                for (long h : batch) {
                    CK_ATTRIBUTE[] a = {new CK_ATTRIBUTE(CKA_LABEL)};
                    p11.C_GetAttributeValue(session, h, a);
                    ObjectId id = label(a[0].getCharArray());
                    if (id != null) {
                        found.computeIfAbsent(id, k -> new ArrayList<>()).add(h);
                    }
                }
            }
        } finally {
            p11.C_FindObjectsFinal(session);
        }
        Map<ObjectId, List<byte[]>> values = new HashMap<>();
        for (var e : found.entrySet()) {
            handles.put(e.getKey(), List.copyOf(e.getValue()));
            values.put(e.getKey(), values(session, e.getKey()));
        }
        return values;
    }

    /** Destroys every data object named {@code id}; false when there was none. */
    boolean destroy(long session, ObjectId id) throws PKCS11Exception {
        try {
            List<Long> old = handles(session, id);
            for (long object : old) {
                p11.C_DestroyObject(session, object);
            }
            return !old.isEmpty();
        } finally {
            handles.remove(id);
        }
    }

    private static ObjectId label(char[] label) {
        try {
            return label == null ? null : ObjectId.of(new String(label));
        } catch (IllegalArgumentException foreign) {
            return null;
        }
    }

    void clear() {
        handles.clear();
    }

    private List<Long> handles(long session, ObjectId id) throws PKCS11Exception {
        List<Long> known = handles.get(id);
        if (known != null) {
            return known;
        }
        List<Long> found = new ArrayList<>();
        p11.C_FindObjectsInit(session, Templates.dataByLabel(id));
        try {
            long[] batch;
            while ((batch = p11.C_FindObjects(session, 16)).length > 0) {
                for (long h : batch) {
                    found.add(h);
                }
            }
        } finally {
            p11.C_FindObjectsFinal(session);
        }
        handles.put(id, List.copyOf(found));
        return found;
    }
}
