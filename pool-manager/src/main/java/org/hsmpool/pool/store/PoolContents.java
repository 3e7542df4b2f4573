package org.hsmpool.pool.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a full backup holds of the store, and what a restore puts back (issue 17): every client key
 * with every version (sealed, as the store holds them), its soft-delete state and rotation policy;
 * the custom role definitions and the role assignments; the service principals (secret hashes
 * only); the settings. The pool's internal keys ({@code $} names), its nodes, log and audit head
 * are not part of it.
 */
public record PoolContents(List<PoolKey> keys, List<RoleDefinition> roleDefinitions,
        List<RoleAssignment> roleAssignments, List<ServicePrincipal> principals, Map<String, String> settings) {

    public PoolContents {
        keys = List.copyOf(keys);
        roleDefinitions = List.copyOf(roleDefinitions);
        roleAssignments = List.copyOf(roleAssignments);
        principals = List.copyOf(principals);
        settings = Map.copyOf(settings);
    }

    /**
     * One key name with every version, oldest first.
     *
     * @param deletion null for a live key
     * @param rotationPolicy null when the key has none
     */
    public record PoolKey(String name, List<NewKeyVersion> versions, Deletion deletion, KeyRotationPolicy rotationPolicy) {
        public PoolKey {
            Arguments.keyName(name);
            if (name.startsWith(PoolStore.INTERNAL_KEY_PREFIX)) {
                throw StoreException.invalid("an internal key is not part of a pool's contents");
            }
            versions = List.copyOf(versions);
            if (versions.isEmpty()) {
                throw StoreException.invalid("key " + name + " has no version");
            }
            for (NewKeyVersion v : versions) {
                if (!v.name().equals(name)) {
                    throw StoreException.invalid("version " + v.versionId() + " belongs to " + v.name() + ", not " + name);
                }
            }
            if (rotationPolicy != null && !rotationPolicy.name().equals(name)) {
                throw StoreException.invalid("the rotation policy of " + name + " names another key");
            }
        }
    }

    /** A soft-deleted key's facts (its versions stay under the name). */
    public record Deletion(Instant deletedAt, Instant scheduledPurgeAt, String recoveryId) {
        public Deletion {
            deletedAt = Arguments.time(deletedAt, "the deletion time");
            scheduledPurgeAt = Arguments.time(scheduledPurgeAt, "the scheduled purge time");
            Arguments.text(recoveryId, "a recovery id", 1024);
        }
    }

    /** Number of key versions. */
    public int versionCount() {
        return keys.stream().mapToInt(k -> k.versions().size()).sum();
    }
}
