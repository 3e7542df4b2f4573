package org.hsmpool.pool.keys;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import org.hsmpool.nodeapi.KeyImports;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.nodeapi.v1.GenerateKeyRequest;
import org.hsmpool.nodeapi.v1.KeyOp;
import org.hsmpool.nodeapi.v1.KeySpec;
import org.hsmpool.nodeapi.v1.TransportKeyPurpose;
import org.hsmpool.nodeapi.v1.TransportKeyRequest;
import org.hsmpool.pool.config.PoolConfig;
import org.hsmpool.pool.replication.Replicator;
import org.hsmpool.pool.router.NodeRouter;
import org.hsmpool.pool.router.RoutingException;
import org.hsmpool.pool.store.DeletedKey;
import org.hsmpool.pool.store.KeyProperties;
import org.hsmpool.pool.store.KeyVersion;
import org.hsmpool.pool.store.NewKeyVersion;
import org.hsmpool.pool.store.Page;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.StoreException;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Key Vault key semantics over the pool. This class creates, imports, reads, lists and updates keys
 * (creation through the {@link Replicator}, reads from the store); the rest is in its parts:
 * {@link KeyLookup} (the checks every call makes, the client's view), {@link KeyNodeCalls} (the
 * cryptographic operations through the {@link NodeRouter}, after the attribute checks: enabled;
 * inside nbf..exp only verify, decrypt and unwrapKey; key_ops), {@link KeyLifecycle} (rotation,
 * delete, recover, purge), {@link KeyBackupRestore}, with {@link KeySpecs} and {@link KeyErrors}.
 */
@ApplicationScoped
public class PoolKeyService implements KeyService {
    private static final Logger LOG = Logger.getLogger(PoolKeyService.class);

    private final PoolStore store;
    private final Replicator replicator;
    private final KeyLookup lookup;
    private final KeyNodeCalls nodes;
    private final KeyLifecycle lifecycle;
    private final KeyBackupRestore backups;

    public PoolKeyService(PoolStore store, Replicator replicator, NodeRouter router, PoolConfig config) {
        this.store = store;
        this.replicator = replicator;
        this.lookup = new KeyLookup(store, config.softDeleteRetentionDays());
        this.nodes = new KeyNodeCalls(router, lookup);
        this.lifecycle = new KeyLifecycle(store, replicator, lookup, nodes,
                new RotationPolicies(config.rotation().minimumPeriod()));
        this.backups = new KeyBackupRestore(store, replicator, router, lookup);
    }

    @Override
    public ManagedKey create(String name, NewKey key) {
        lookup.requireActivated();
        String keyType = KeyOperations.keyType(key.keyType());
        KeySpec spec = KeySpecs.spec(keyType, key);
        List<String> ops = KeyOperations.checked(keyType, key.keyOps());
        GenerateKeyRequest.Builder request = GenerateKeyRequest.newBuilder().setKeyId(KeySpecs.newVersionId())
                .setSpec(spec);
        ops.forEach(op -> request.addOps(KeyOperations.op(op)));
        KeyProperties properties = KeySpecs.properties(key, ops);
        requireFreeName(name);
        Instant now = Instant.now();
        try {
            KeyVersion version = replicator.generate(request.build(), material -> new NewKeyVersion(name,
                    material.getKeyId(), keyType, KeySpecs.publicJwk(keyType, material),
                    material.getWrappedKey().toByteArray(), properties, false, now, now));
            return lookup.view(version);
        } catch (RoutingException e) {
            throw KeyErrors.translate(e, "create " + name);
        } catch (StoreException e) {
            throw KeyErrors.translate(e);
        }
    }

    @Override
    public ManagedKey importKey(String name, ImportedKey key) {
        lookup.requireActivated();
        String keyType = KeyOperations.keyType(key.kty());
        List<String> ops = KeyOperations.checked(keyType, key.keyOps());
        List<KeyOp> nodeOps = ops.stream().map(KeyOperations::op).toList();
        KeyProperties properties = KeySpecs.properties(new NewKey(keyType, null, key.curve(), null, ops,
                key.enabled(), key.notBefore(), key.expires(), key.tags()), ops);
        requireFreeName(name);
        String versionId = KeySpecs.newVersionId();
        Instant now = Instant.now();
        try (ClientKeys.Prepared prepared = ClientKeys.prepare(keyType, key)) {
            KeyVersion version = replicator.createOn("key import", versionId, (node, s) -> {
                var transport = s.getTransportKey(TransportKeyRequest.newBuilder()
                        .setPurpose(TransportKeyPurpose.CLIENT_KEY_IMPORT).build());
                return s.importKey(KeyImports.request(transport, PoolIdentity.node(node.name()), versionId,
                        prepared.spec(), nodeOps, prepared.publicKey(), prepared.encoded()));
            }, material -> new NewKeyVersion(name, material.getKeyId(), keyType,
                    KeySpecs.publicJwk(keyType, material), material.getWrappedKey().toByteArray(), properties, false,
                    now, now));
            return lookup.view(version);
        } catch (RoutingException e) {
            throw KeyErrors.translate(e, "import " + name);
        } catch (StoreException e) {
            throw KeyErrors.translate(e);
        } catch (IllegalArgumentException e) {
            LOG.warnf("key import refused a node's transport key: %s", e.getMessage());
            throw KeyException.unavailable("a node's transport key could not be verified; try again", 1);
        }
    }

    private void requireFreeName(String name) {
        if (store.deletedKey(name).isPresent()) {
            throw KeyException.conflict("a key named " + name + " is deleted but not purged: recover or purge "
                    + "it before reusing the name");
        }
    }

    @Override
    public ManagedKey get(String name, String version) {
        return lookup.view(lookup.resolve(name, version));
    }

    @Override
    public Page<ManagedKey> list(String continuation, int maxResults) {
        lookup.requireActivated();
        try {
            Page<KeyVersion> page = store.listKeys(continuation, maxResults);
            return new Page<>(page.items().stream().map(lookup::view).toList(), page.continuation());
        } catch (StoreException e) {
            throw KeyErrors.translate(e);
        }
    }

    @Override
    public Page<ManagedKey> listVersions(String name, String continuation, int maxResults) {
        lookup.requireActivated();
        try {
            Page<KeyVersion> page = store.listVersions(name, continuation, maxResults);
            return new Page<>(page.items().stream().map(lookup::view).toList(), page.continuation());
        } catch (StoreException e) {
            throw KeyErrors.translate(e);
        }
    }

    @Override
    public Page<Deleted> listDeleted(String continuation, int maxResults) {
        lookup.requireActivated();
        try {
            Page<DeletedKey> page = store.listDeletedKeys(continuation, maxResults);
            return new Page<>(page.items().stream().map(lookup::deleted).toList(), page.continuation());
        } catch (StoreException e) {
            throw KeyErrors.translate(e);
        }
    }

    @Override
    public ManagedKey update(String name, String version, KeyUpdate update) {
        KeyVersion current = lookup.resolve(name, version);
        KeyProperties was = current.properties();
        List<String> ops = KeyOperations.checked(current.keyType(),
                update.keyOps() == null || update.keyOps().isEmpty() ? was.keyOps() : update.keyOps());
        NewKey merged = new NewKey(current.keyType(), null, null, null, ops,
                update.enabled() == null ? was.enabled() : update.enabled(),
                update.notBefore() == null ? was.notBefore() : update.notBefore(),
                update.expires() == null ? was.expires() : update.expires(),
                update.tags() == null ? was.tags() : update.tags());
        KeyProperties next = KeySpecs.properties(merged, ops);
        try {
            store.updateKeyProperties(name, current.versionId(), next, Instant.now(), new byte[0]);
            return lookup.view(store.keyVersion(name, current.versionId()).orElseThrow(
                    () -> KeyException.keyNotFound("A key with (name/version) " + name + "/"
                            + current.versionId() + " was not found in this pool")));
        } catch (StoreException e) {
            throw KeyErrors.translate(e);
        }
    }

    // ---- the parts -------------------------------------------------------------------------------

    @Override
    public KeyEvidence attest(String name, String version) {
        return nodes.attest(name, version);
    }

    @Override
    public byte[] backup(String name) {
        return backups.backup(name);
    }

    @Override
    public ManagedKey restore(byte[] backup, Predicate<String> mayUndoPurge) {
        return backups.restore(backup, mayUndoPurge);
    }

    @Override
    public CompletionStage<Result> sign(String name, String version, String algorithm, byte[] digest) {
        return nodes.sign(name, version, algorithm, digest);
    }

    @Override
    public CompletionStage<Boolean> verify(String name, String version, String algorithm, byte[] digest,
            byte[] signature) {
        return nodes.verify(name, version, algorithm, digest, signature);
    }

    @Override
    public CompletionStage<Encrypted> encrypt(String name, String version, String algorithm, byte[] plaintext,
            byte[] iv, byte[] aad) {
        return nodes.encrypt(name, version, algorithm, plaintext, iv, aad);
    }

    @Override
    public CompletionStage<Result> decrypt(String name, String version, String algorithm, byte[] ciphertext,
            byte[] iv, byte[] aad, byte[] tag) {
        return nodes.decrypt(name, version, algorithm, ciphertext, iv, aad, tag);
    }

    @Override
    public CompletionStage<Result> wrapKey(String name, String version, String algorithm, byte[] key) {
        return nodes.wrapKey(name, version, algorithm, key);
    }

    @Override
    public CompletionStage<Result> unwrapKey(String name, String version, String algorithm, byte[] wrapped) {
        return nodes.unwrapKey(name, version, algorithm, wrapped);
    }

    @Override
    public byte[] random(int count) {
        return nodes.random(count);
    }

    @Override
    public RotationPolicy getRotationPolicy(String name) {
        return lifecycle.getRotationPolicy(name);
    }

    @Override
    public RotationPolicy putRotationPolicy(String name, RotationPolicy policy) {
        return lifecycle.putRotationPolicy(name, policy);
    }

    @Override
    public ManagedKey rotate(String name) {
        return lifecycle.rotate(name);
    }

    @Override
    public Deleted delete(String name) {
        return lifecycle.delete(name);
    }

    @Override
    public Deleted getDeleted(String name) {
        return lifecycle.getDeleted(name);
    }

    @Override
    public ManagedKey recover(String name) {
        lifecycle.recover(name);
        return get(name, null);
    }

    @Override
    public void purge(String name) {
        lifecycle.purge(name);
    }
}
