package org.hsmpool.pool.keys;

import java.time.Duration;
import java.time.Instant;

import org.hsmpool.nodeapi.v1.GenerateKeyRequest;
import org.hsmpool.pool.keys.KeyService.Deleted;
import org.hsmpool.pool.replication.Replicator;
import org.hsmpool.pool.router.RoutingException;
import org.hsmpool.pool.store.KeyProperties;
import org.hsmpool.pool.store.KeyRotationPolicy;
import org.hsmpool.pool.store.KeyVersion;
import org.hsmpool.pool.store.NewKeyVersion;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.StoreException;

/**
 * A key's life after its creation: rotation and its policy, soft delete, recovery and purge.
 */
final class KeyLifecycle {
    private final PoolStore store;
    private final Replicator replicator;
    private final KeyLookup lookup;
    private final KeyNodeCalls nodes;
    private final RotationPolicies rotationPolicies;

    KeyLifecycle(PoolStore store, Replicator replicator, KeyLookup lookup, KeyNodeCalls nodes,
            RotationPolicies rotationPolicies) {
        this.store = store;
        this.replicator = replicator;
        this.lookup = lookup;
        this.nodes = nodes;
        this.rotationPolicies = rotationPolicies;
    }

    RotationPolicy getRotationPolicy(String name) {
        lookup.resolve(name, null);
        try {
            return store.rotationPolicy(name).map(KeyLifecycle::policy).orElse(RotationPolicy.DEFAULT);
        } catch (StoreException e) {
            throw KeyErrors.translate(e);
        }
    }

    RotationPolicy putRotationPolicy(String name, RotationPolicy policy) {
        lookup.resolve(name, null);
        RotationPolicy checked = policy.lifetimeActions().isEmpty()
                ? new RotationPolicy(RotationPolicy.DEFAULT.lifetimeActions(), policy.expiryTime(), null, null)
                : policy;
        rotationPolicies.check(checked);
        try {
            return policy(store.putRotationPolicy(name, RotationPolicies.toJson(checked), Instant.now()));
        } catch (StoreException e) {
            throw KeyErrors.translate(e);
        }
    }

    private static RotationPolicy policy(KeyRotationPolicy stored) {
        return RotationPolicies.fromJson(stored.policyJson(), stored.created(), stored.updated());
    }

    /** A new version of the same type and size, enabled, with the expiry its rotation policy sets. */
    ManagedKey rotate(String name) {
        KeyVersion latest = lookup.resolve(name, null);
        Instant expires = store.rotationPolicy(name).map(KeyLifecycle::policy)
                .map(p -> p.expiryFrom(Instant.now())).orElse(null);
        NewKey same = new NewKey(latest.keyType(), null, null, null, latest.properties().keyOps(), true, null, expires,
                latest.properties().tags());
        GenerateKeyRequest.Builder request = GenerateKeyRequest.newBuilder().setKeyId(KeySpecs.newVersionId())
                .setSpec(nodes.describe(latest));
        same.keyOps().forEach(op -> request.addOps(KeyOperations.op(op)));
        KeyProperties properties = KeySpecs.properties(same, same.keyOps());
        Instant now = Instant.now();
        try {
            return lookup.view(replicator.generate(request.build(), material -> new NewKeyVersion(name,
                    material.getKeyId(), latest.keyType(), KeySpecs.publicJwk(latest.keyType(), material),
                    material.getWrappedKey().toByteArray(), properties, false, now, now)));
        } catch (RoutingException e) {
            throw KeyErrors.translate(e, "rotate " + name);
        } catch (StoreException e) {
            throw KeyErrors.translate(e);
        }
    }

    Deleted delete(String name) {
        lookup.requireActivated();
        Instant now = Instant.now();
        try {
            store.deleteKey(name, now, now.plus(Duration.ofDays(lookup.retentionDays())), KeySpecs.newVersionId(),
                    new byte[0]);
        } catch (StoreException e) {
            throw KeyErrors.translate(e, "A key with name " + name + " was not found in this pool");
        }
        return getDeleted(name);
    }

    Deleted getDeleted(String name) {
        lookup.requireActivated();
        return lookup.deleted(store.deletedKey(name).orElseThrow(
                () -> KeyException.keyNotFound("A deleted key with name " + name + " was not found in this pool")));
    }

    void recover(String name) {
        lookup.requireActivated();
        try {
            store.recoverKey(name, new byte[0]);
        } catch (StoreException e) {
            throw KeyErrors.translate(e, "A deleted key with name " + name + " was not found in this pool");
        }
    }

    void purge(String name) {
        lookup.requireActivated();
        long before = store.logHead();
        try {
            store.purgeKey(name, new byte[0]);
        } catch (StoreException e) {
            throw KeyErrors.translate(e, "A deleted key with name " + name + " was not found in this pool");
        }
        replicator.applyAfter(before);
    }
}
