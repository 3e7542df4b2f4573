package org.hsmpool.node.domain;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.hsmpool.node.crypto.KeyOperation;
import org.hsmpool.node.crypto.MlDsa;
import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.crypto.SignatureAlgorithm;
import org.hsmpool.node.token.KeySpec;
import org.hsmpool.node.token.ObjectId;
import org.hsmpool.node.token.PublicKeyMaterial;
import org.hsmpool.node.token.StoredKey;
import org.hsmpool.node.token.Token;
import org.hsmpool.node.token.WrapMechanism;
import org.hsmpool.nodeapi.v1.WrappedKeyBody;

/**
 * ML-DSA key versions, which a token of PKCS#11 before 3.2 (SoftHSM2 2.6.1) cannot hold, so the node
 * process holds them, never in plaintext at rest:
 *
 * <ul>
 * <li>a key is its 32-byte FIPS 204 seed, drawn from the token's RNG; the node derives the public key
 * from it, wraps it under W inside the token (CKM_AES_KEY_WRAP_PAD, the seed passing through a
 * session object destroyed at once) and seals it like any key version (the description MACed with H);
 * the seed is then wiped;</li>
 * <li>the sealed key is kept as a private data object of the token named by the key version id (so
 * a restart finds it, and a wiped token forgets it like its other keys), and its public facts in
 * memory;</li>
 * <li>a signature unwraps the seed under W inside the token into a session object whose value is read
 * and destroyed at once, expands it, signs with Bouncy Castle ({@link MlDsa}) and wipes the seed
 * and the expanded key before it answers.</li>
 * </ul>
 *
 * What this protects and what not: docs/security-model.md, "ML-DSA keys".
 */
public final class MlDsaKeys {
    private static final Pattern KEY_VERSION_ID = Pattern.compile("[0-9a-f]{32}");

    private final Token token;
    private final DomainKeys domain;
    private final Seals seals;
    private final SecureRandom random;
    private volatile Map<ObjectId, Held> held; // null until read from the token

    /** A key version as held here: its description and its sealed form (the wrapped seed inside). */
    private record Held(SealedKeys.Sealed sealed, byte[] wrappedSeed) {
    }

    public MlDsaKeys(Token token, DomainKeys domain) {
        this.token = token;
        this.domain = domain;
        this.seals = new Seals(token, domain);
        this.random = new TokenRandom(token);
    }

    public Optional<SealedKeys.Sealed> find(ObjectId id) {
        return Optional.ofNullable(held().get(id)).map(Held::sealed);
    }

    public boolean holds(ObjectId id) {
        return held().containsKey(id);
    }

    public List<ObjectId> list() {
        return List.copyOf(held().keySet());
    }

    synchronized SealedKeys.Sealed generate(ObjectId id, KeySpec.MlDsa spec, Set<KeyOperation> ops) {
        var usages = KeyOperation.usages(spec, ops);
        domain.wrapKey(); // NO_DOMAIN before anything is made
        refuseTaken(id);
        refuseInToken(id);
        byte[] seed = token.random(MlDsa.SEED_BYTES);
        try {
            PublicKeyMaterial.MlDsa publicKey = new PublicKeyMaterial.MlDsa(MlDsa.publicKey(spec, seed));
            return store(new StoredKey(id, spec, usages, publicKey), ops, wrap(seed));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** A client's key: {@code seed} belongs to the caller, who wipes it. */
    synchronized SealedKeys.Sealed importClient(ObjectId id, KeySpec.MlDsa spec, Set<KeyOperation> ops,
            PublicKeyMaterial.MlDsa publicKey, byte[] seed) {
        var usages = KeyOperation.usages(spec, ops);
        refuseTaken(id);
        refuseInToken(id);
        if (!MessageDigest.isEqual(MlDsa.publicKey(spec, seed), publicKey.encoded())) {
            throw NodeException.badRequest("the public key given for '" + id + "' does not match its private key");
        }
        return store(new StoredKey(id, spec, usages, publicKey), ops, wrap(seed));
    }

    /**
     * A sealed key whose MAC {@link Seals#open} checked. Importing one held already is harmless if it
     * is the same key. The seed is opened once here to check that it derives the public key sealed
     * with it, so a node never holds a key it cannot sign with.
     */
    synchronized SealedKeys.Sealed importSealed(ObjectId id, KeySpec.MlDsa spec, Set<KeyOperation> ops,
            PublicKeyMaterial.MlDsa publicKey, byte[] wrappedSeed, byte[] sealed) {
        var usages = KeyOperation.usages(spec, ops);
        Held have = held().get(id);
        if (have != null) {
            StoredKey k = have.sealed().key();
            if (k.spec().equals(spec) && k.publicKey().equals(publicKey) && k.usages().equals(usages)) {
                return have.sealed();
            }
            throw new NodeException(NodeException.Reason.KEY_EXISTS, "this node holds another key version with id " + id);
        }
        refuseInToken(id);
        byte[] seed = unwrap(id, wrappedSeed);
        try {
            if (!MessageDigest.isEqual(MlDsa.publicKey(spec, seed), publicKey.encoded())) {
                throw new NodeException(NodeException.Reason.INTEGRITY,
                        "the sealed seed of '" + id + "' does not derive the public key sealed with it");
            }
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        SealedKeys.Sealed s = new SealedKeys.Sealed(new StoredKey(id, spec, usages, publicKey), ops, sealed);
        keep(id, s, wrappedSeed);
        return s;
    }

    public byte[] sign(ObjectId id, SignatureAlgorithm alg, byte[] message) {
        Held h = usable(id, alg, KeyOperation.SIGN);
        KeySpec.MlDsa spec = (KeySpec.MlDsa) h.sealed().key().spec();
        if (message.length == 0 || message.length > MlDsa.MAX_MESSAGE_BYTES) {
            throw NodeException.badRequest(alg.jwaName() + " signs the message itself, 1.." + MlDsa.MAX_MESSAGE_BYTES
                    + " bytes, got " + message.length + " bytes");
        }
        byte[] seed = unwrap(id, h.wrappedSeed());
        try {
            return MlDsa.sign(spec, seed, message, random);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    public boolean verify(ObjectId id, SignatureAlgorithm alg, byte[] message, byte[] signature) {
        Held h = usable(id, alg, KeyOperation.VERIFY);
        StoredKey k = h.sealed().key();
        return MlDsa.verify((KeySpec.MlDsa) k.spec(), ((PublicKeyMaterial.MlDsa) k.publicKey()).encoded(), message,
                signature);
    }

    synchronized boolean delete(ObjectId id) {
        if (held().remove(id) == null) {
            return false;
        }
        token.destroyData(id);
        return true;
    }

    /** KEY_EXISTS when this node holds an ML-DSA key version with that id (before a token key is made). */
    void refuseTaken(ObjectId id) {
        if (holds(id)) {
            throw new NodeException(NodeException.Reason.KEY_EXISTS, "this node holds another key version with id " + id);
        }
    }

    private void refuseInToken(ObjectId id) {
        if (token.find(id).isPresent()) {
            throw new NodeException(NodeException.Reason.KEY_EXISTS, "this node holds another key version with id " + id);
        }
    }

    private Held usable(ObjectId id, SignatureAlgorithm alg, KeyOperation op) {
        Held h = held().get(id);
        if (h == null) {
            StoredKey other = token.find(id).orElseThrow(() -> new NodeException(
                    NodeException.Reason.KEY_NOT_FOUND, "key version " + id + " is not held by this node"));
            throw NodeException.badRequest(alg.jwaName() + " cannot be used with a "
                    + KeyOperation.describe(other.spec()) + " key");
        }
        KeySpec spec = h.sealed().key().spec();
        if (!spec.equals(alg.mlDsa())) {
            throw NodeException.badRequest(alg.jwaName() + " cannot be used with an " + spec + " key");
        }
        if (!h.sealed().ops().contains(op)) {
            throw new NodeException(NodeException.Reason.KEY_USAGE,
                    "key version " + id + " does not permit " + op.name().toLowerCase());
        }
        return h;
    }

    private byte[] wrap(byte[] seed) {
        return token.wrapBytes(domain.wrapKey(), WrapMechanism.AES_KEY_WRAP_PAD, seed);
    }

    private byte[] unwrap(ObjectId id, byte[] wrappedSeed) {
        byte[] seed = token.unwrapBytes(domain.wrapKey(), WrapMechanism.AES_KEY_WRAP_PAD,
                wrappedSeed);
        if (seed.length != MlDsa.SEED_BYTES) {
            Arrays.fill(seed, (byte) 0);
            throw new NodeException(NodeException.Reason.INTEGRITY, "the sealed seed of '" + id + "' is not "
                    + MlDsa.SEED_BYTES + " bytes");
        }
        return seed;
    }

    private SealedKeys.Sealed store(StoredKey key, Set<KeyOperation> ops, byte[] wrappedSeed) {
        byte[] sealed = seals.seal(key.id(), key.spec(), ops, key.publicKey(), wrappedSeed);
        SealedKeys.Sealed s = new SealedKeys.Sealed(key, ops, sealed);
        keep(key.id(), s, wrappedSeed);
        return s;
    }

    private void keep(ObjectId id, SealedKeys.Sealed s, byte[] wrappedSeed) {
        token.replaceData(id, s.sealed());
        held().put(id, new Held(s, wrappedSeed));
    }

    /** The keys kept in the token, read with one search when first needed. */
    private Map<ObjectId, Held> held() {
        Map<ObjectId, Held> current = held;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (held == null) {
                Map<ObjectId, Held> loaded = new ConcurrentHashMap<>();
                token.allData().forEach((id, values) -> {
                    if (KEY_VERSION_ID.matcher(id.value()).matches() && !values.isEmpty()) {
                        loaded.put(id, read(id, values.get(0)));
                    }
                });
                held = loaded;
            }
            return held;
        }
    }

    private static Held read(ObjectId id, byte[] sealed) {
        WrappedKeyBody body = Seals.bodyOf(sealed);
        KeySpec spec = KeyForms.spec(body.getSpec());
        Set<KeyOperation> ops = KeyForms.ops(body.getOpsList());
        StoredKey key = new StoredKey(id, spec, KeyOperation.usages(spec, ops), KeyForms.publicKey(spec,
                body.getPublicKey()));
        return new Held(new SealedKeys.Sealed(key, ops, sealed), body.getWrappedPrivate().toByteArray());
    }
}
