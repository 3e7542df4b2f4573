package org.hsmpool.pool.keys;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.hsmpool.nodeapi.v1.DomainMacRequest;
import org.hsmpool.nodeapi.v1.ImportWrappedRequest;
import org.hsmpool.pool.replication.Replicator;
import org.hsmpool.pool.router.NodeRouter;
import org.hsmpool.pool.router.RoutingException;
import org.hsmpool.pool.store.KeyRotationPolicy;
import org.hsmpool.pool.store.KeyVersion;
import org.hsmpool.pool.store.NewKeyVersion;
import org.hsmpool.pool.store.Page;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.StoreException;
import org.jboss.logging.Logger;

import com.google.protobuf.ByteString;

/**
 * A key's backup (every version's sealed key, its rotation policy, under an HMAC of the pool's
 * domain computed in a node) and its restore under a free name, checked whole before anything is
 * written.
 */
final class KeyBackupRestore {
    private static final Logger LOG = Logger.getLogger(KeyBackupRestore.class);

    private final PoolStore store;
    private final Replicator replicator;
    private final NodeRouter router;
    private final KeyLookup lookup;

    KeyBackupRestore(PoolStore store, Replicator replicator, NodeRouter router, KeyLookup lookup) {
        this.store = store;
        this.replicator = replicator;
        this.router = router;
        this.lookup = lookup;
    }

    byte[] backup(String name) {
        lookup.resolve(name, null);
        try {
            List<KeyVersion> versions = new ArrayList<>();
            String next = null;
            do {
                Page<KeyVersion> page = store.listVersions(name, next, 25);
                versions.addAll(page.items());
                next = page.continuation();
            } while (next != null);
            byte[] document = KeyBackups.document(name, versions,
                    store.rotationPolicy(name).map(KeyRotationPolicy::policyJson).orElse(null), Instant.now());
            return KeyBackups.seal(document, domainMac(document));
        } catch (StoreException e) {
            throw KeyErrors.translate(e);
        }
    }

    ManagedKey restore(byte[] backup, Predicate<String> mayUndoPurge) {
        lookup.requireActivated();
        KeyBackups.Sealed sealed = KeyBackups.unseal(backup);
        if (!MessageDigest.isEqual(domainMac(sealed.document()), sealed.mac())) {
            throw KeyException.badParameter("the backup was altered, or it comes from a pool with another "
                    + "security domain: a key backup can only be restored into a pool of the same security domain");
        }
        KeyBackups.Contents contents = KeyBackups.contents(sealed.document());
        String name = SealedVersions.clientName(contents.name());
        if (store.latestVersion(name).isPresent() || store.deletedKey(name).isPresent()) {
            throw KeyException.conflict("a key named " + name + " exists in this pool (live or deleted): "
                    + "a backup is restored only under a free name");
        }
        List<String> purged = contents.versions().stream().map(NewKeyVersion::versionId).filter(store::wasPurged)
                .toList();
        if (!purged.isEmpty() && !mayUndoPurge.test(name)) {
            throw KeyException.conflict("key " + name + " was purged from this pool after this backup was taken "
                    + "(version " + purged.get(0) + "): only a principal who may purge the key "
                    + "(keys/deletedKeys/delete at /keys/" + name + ") may restore it");
        }
        for (NewKeyVersion v : contents.versions()) {
            if (store.versionById(v.versionId()).isPresent()) {
                throw KeyException.conflict("key version " + v.versionId() + " of the backup exists in this "
                        + "pool");
            }
        }
        // every version's facts from its sealed key, all checked before anything is written
        List<NewKeyVersion> versions = SealedVersions.opened(router, contents.versions());
        if (!purged.isEmpty()) {
            LOG.infof("restoring key %s lifts the tombstones of %d purged version(s)", name, purged.size());
            purged.forEach(store::forgetPurge);
        }
        KeyVersion last = null;
        try {
            for (NewKeyVersion v : versions) {
                var request = ImportWrappedRequest.newBuilder().setWrappedKey(ByteString.copyFrom(v.sealedKey()))
                        .build();
                last = replicator.create("key restore", v.versionId(), s -> s.importWrapped(request),
                        material -> SealedVersions.checked(v, material));
            }
            if (contents.rotationPolicyJson() != null) {
                store.putRotationPolicy(name, contents.rotationPolicyJson(), Instant.now());
            }
        } catch (RoutingException e) {
            keepTombstonesOfUnrestored(purged, name);
            throw KeyErrors.translate(e, "restore " + name);
        } catch (StoreException e) {
            keepTombstonesOfUnrestored(purged, name);
            throw KeyErrors.translate(e);
        } catch (RuntimeException e) {
            keepTombstonesOfUnrestored(purged, name);
            throw e;
        }
        return lookup.view(last);
    }

    /** After a failed restore, the purged versions it did not bring back are purged again. */
    private void keepTombstonesOfUnrestored(List<String> purged, String name) {
        for (String id : purged) {
            if (store.versionById(id).isEmpty()) {
                store.rememberPurge(id, name);
            }
        }
    }

    /** HMAC under the pool MAC key, computed in a node, of a manager document. */
    private byte[] domainMac(byte[] document) {
        var request = DomainMacRequest.newBuilder().setPurpose(KeyBackups.PURPOSE)
                .setData(ByteString.copyFrom(document)).build();
        try {
            return router.callHedged(0, "domain MAC", s -> s.domainMac(request)).getMac().toByteArray();
        } catch (RoutingException e) {
            throw KeyErrors.translate(e, "backup");
        }
    }
}
