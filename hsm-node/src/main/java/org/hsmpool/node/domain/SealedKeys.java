package org.hsmpool.node.domain;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.hsmpool.node.crypto.KeyCrypto;
import org.hsmpool.node.crypto.KeyOperation;
import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.token.Extractability;
import org.hsmpool.node.token.KeySpec;
import org.hsmpool.node.token.ObjectId;
import org.hsmpool.node.token.PublicKeyMaterial;
import org.hsmpool.node.token.StoredKey;
import org.hsmpool.node.token.Token;
import org.hsmpool.node.token.WrapMechanism;
import org.hsmpool.nodeapi.v1.WrappedKeyBody;


/**
 * Application key versions and their sealed form. A sealed key is the key wrapped under W
 * (CKM_AES_KEY_WRAP_PAD) with its description, MACed with H inside the token; it is what the
 * manager stores and replicates, and it opens only in a token of the same security domain. The
 * MAC is checked before anything is unwrapped, so a tampered description (say, wider usages) is
 * refused, and a failed import leaves nothing behind.
 */
public final class SealedKeys {
    public static final int FORMAT = Seals.FORMAT;
    /** The most sealed keys {@code OpenSealed} authenticates in one call. */
    public static final int MAX_OPENED_AT_ONCE = 1000;
    /** The most sealed keys {@code ImportWrappedBatch} imports in one call. */
    public static final int MAX_IMPORTED_AT_ONCE = 500;
    private static final Pattern KEY_VERSION_ID = Pattern.compile("[0-9a-f]{32}");

    private final Token token;
    private final DomainKeys domain;
    private final KeyCrypto crypto;
    private final Seals seals;
    private final MlDsaKeys mlDsa;
    /** Locks striped by version id ({@link #importSealed}): imports of different ids rarely share one. */
    private final Object[] importing = java.util.stream.IntStream.range(0, 64).mapToObj(i -> new Object()).toArray();

    /** A key version as this node holds it, with its sealed form when one was made. */
    public record Sealed(StoredKey key, Set<KeyOperation> ops, byte[] sealed) {
    }

    public SealedKeys(Token token, DomainKeys domain, KeyCrypto crypto, MlDsaKeys mlDsa) {
        this.token = token;
        this.domain = domain;
        this.crypto = crypto;
        this.seals = new Seals(token, domain);
        this.mlDsa = mlDsa;
    }

    public static ObjectId keyVersionId(String id) {
        if (id == null || !KEY_VERSION_ID.matcher(id).matches()) {
            throw NodeException.badRequest("a key version id is 32 lowercase hex characters");
        }
        return ObjectId.of(id);
    }

    /** Generate a key version in the token and seal it; nothing stays behind if sealing fails. */
    public Sealed generate(ObjectId id, KeySpec spec, Set<KeyOperation> ops) {
        if (ops.isEmpty()) {
            throw NodeException.badRequest("a key needs at least one operation");
        }
        if (spec instanceof KeySpec.MlDsa mlDsaSpec) {
            return mlDsa.generate(id, mlDsaSpec, ops);
        }
        var usages = KeyOperation.usages(spec, ops);
        domain.wrapKey(); // refuse before generating when there is no domain to seal under
        mlDsa.refuseTaken(id);
        StoredKey key = token.generate(id, spec, usages, Extractability.WRAPPED_ONLY);
        return sealNew(key, ops);
    }

    /** Seal a key version just made in this token (generated or imported); destroy it if sealing fails. */
    Sealed sealNew(StoredKey key, Set<KeyOperation> ops) {
        try {
            return new Sealed(key, ops, seal(key, ops));
        } catch (RuntimeException e) {
            token.destroy(key.id());
            crypto.forget(key.id());
            throw e;
        }
    }

    public Sealed export(ObjectId id) {
        var held = mlDsa.find(id);
        if (held.isPresent()) {
            return held.get(); // its one sealed form, made when it was generated or imported
        }
        StoredKey key = crypto.describe(id);
        Set<KeyOperation> ops = KeyOperation.permittedBy(key.spec(), key.usages());
        return new Sealed(key, ops, seal(key, ops));
    }

    private byte[] seal(StoredKey key, Set<KeyOperation> ops) {
        byte[] wrapped = token.wrap(domain.wrapKey(), WrapMechanism.AES_KEY_WRAP_PAD, key.id());
        return seals.seal(key.id(), key.spec(), ops, key.publicKey(), wrapped);
    }

    /**
     * Import a sealed key version. Importing one this token already holds is harmless (replication
     * may deliver a version twice) as long as it is the same key.
     */
    public Sealed importSealed(byte[] sealed) {
        WrappedKeyBody body = open(sealed);
        ObjectId id = keyVersionId(body.getKeyId());
        KeySpec spec = KeyForms.spec(body.getSpec());
        Set<KeyOperation> ops = KeyForms.ops(body.getOpsList());
        PublicKeyMaterial publicKey = KeyForms.publicKey(spec, body.getPublicKey());
        if (spec instanceof KeySpec.MlDsa mlDsaSpec) {
            return mlDsa.importSealed(id, mlDsaSpec, ops, (PublicKeyMaterial.MlDsa) publicKey,
                    body.getWrappedPrivate().toByteArray(), sealed);
        }
        var usages = KeyOperation.usages(spec, ops);
        mlDsa.refuseTaken(id);
        // one import of a version id at a time: a push and a catch-up may deliver the same version at once,
        // and the second must find the first's key (the same one) rather than lose the token's claim on the id
        synchronized (importing[Math.floorMod(id.hashCode(), importing.length)]) {
            var existing = token.find(id);
            if (existing.isPresent()) {
                StoredKey have = existing.get();
                if (have.spec().equals(spec) && have.publicKey().equals(publicKey) && have.usages().equals(usages)) {
                    return new Sealed(have, ops, sealed);
                }
                throw new NodeException(NodeException.Reason.KEY_EXISTS,
                        "this node holds another key version with id " + id);
            }
            StoredKey key = token.unwrap(domain.wrapKey(), WrapMechanism.AES_KEY_WRAP_PAD,
                    body.getWrappedPrivate().toByteArray(), id, spec, usages, Extractability.WRAPPED_ONLY, publicKey);
            return new Sealed(key, ops, sealed);
        }
    }

    /**
     * Authenticate a sealed key and answer what it seals, unwrapping and storing nothing: the
     * manager takes a restored or imported version's facts from here, never from the document
     * that carried the sealed key.
     */
    public WrappedKeyBody authenticate(byte[] sealed) {
        WrappedKeyBody body = open(sealed);
        keyVersionId(body.getKeyId());
        KeySpec spec = KeyForms.spec(body.getSpec());
        KeyForms.ops(body.getOpsList());
        KeyForms.publicKey(spec, body.getPublicKey());
        return body;
    }

    private WrappedKeyBody open(byte[] sealed) {
        return seals.open(sealed);
    }

    public boolean delete(ObjectId id) {
        crypto.forget(id);
        boolean held = mlDsa.delete(id);
        return token.destroy(id) || held;
    }

    /** A key version held here, in the token or (ML-DSA) by the node; KEY_NOT_FOUND otherwise. */
    public StoredKey describe(ObjectId id) {
        return mlDsa.find(id).map(Sealed::key).orElseGet(() -> crypto.describe(id));
    }

    /** The application key versions in the token (the node's own keys are not listed). */
    public List<ObjectId> list() {
        List<ObjectId> ids = new java.util.ArrayList<>(token.list().stream()
                .filter(id -> KEY_VERSION_ID.matcher(id.value()).matches()).toList());
        ids.addAll(mlDsa.list());
        return ids;
    }
}
