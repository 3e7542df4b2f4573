package org.hsmpool.pool.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The key half of {@link JdbcPoolStore}: key versions, soft delete and purge, each write together
 * with its replication log entries in one transaction that starts with {@link LogRows#next}.
 */
final class JdbcKeyStore {
    private static final String KEYS = "keys";
    private static final String VERSIONS = "versions";
    private static final String DELETED = "deleted";

    private final Transactions tx;
    private final Clock clock;

    JdbcKeyStore(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    // ---- keys: writes

    long appendKeyVersion(NewKeyVersion version, byte[] payload) {
        Arguments.present(version, "the key version");
        byte[] note = Arguments.bytes(payload, "the log payload", Arguments.MAX_BLOB);
        return tx.write("append a key version", StoreChange.KEYS, c -> {
            long seq = LogRows.next(c);
            String name = version.name();
            if (DeletedKeyRows.isDeleted(c, name)) {
                throw new StoreException(StoreException.Code.NAME_DELETED,
                        "key " + name + " is deleted; recover or purge it first");
            }
            if (KeyRows.wasPurged(c, version.versionId())) {
                throw new StoreException(StoreException.Code.PURGED, "key version " + version.versionId()
                        + " was purged from this pool and never comes back (a restore of an older backup?)");
            }
            Optional<String> owner = KeyRows.ownerOf(c, version.versionId());
            if (owner.isPresent()) {
                throw StoreException.conflict("key version " + version.versionId() + " exists (key " + owner.get() + ")");
            }
            if (!KeyRows.nameExists(c, name)) {
                KeyRows.insertName(c, name, version.created());
            }
            KeyRows.insertVersion(c, version, seq);
            LogRows.append(c, seq, LogKind.KEY_VERSION_CREATED, name, version.versionId(), note, clock.instant());
            return seq;
        });
    }

    long updateKeyProperties(String name, String versionId, KeyProperties properties, Instant updated,
            byte[] payload) {
        Arguments.keyName(name);
        Arguments.hex32(versionId, "a key version id");
        Arguments.present(properties, "the key properties");
        Instant at = Arguments.time(updated, "the update time");
        byte[] note = Arguments.bytes(payload, "the log payload", Arguments.MAX_BLOB);
        return tx.write("update a key version", StoreChange.KEYS, c -> {
            long seq = LogRows.next(c);
            if (DeletedKeyRows.isDeleted(c, name) || !KeyRows.updateProperties(c, name, versionId, properties, at)) {
                throw StoreException.notFound("no key version " + name + "/" + versionId);
            }
            LogRows.append(c, seq, LogKind.KEY_ATTRIBUTES_UPDATED, name, versionId, note, clock.instant());
            return seq;
        });
    }

    long deleteKey(String name, Instant deletedAt, Instant scheduledPurgeAt, String recoveryId,
            byte[] payload) {
        Arguments.keyName(name);
        Instant deleted = Arguments.time(deletedAt, "the deletion time");
        Instant purge = Arguments.time(scheduledPurgeAt, "the scheduled purge time");
        if (purge.isBefore(deleted)) {
            throw StoreException.invalid("a key cannot be purged before it is deleted");
        }
        Arguments.text(recoveryId, "a recovery id", 1024);
        byte[] note = Arguments.bytes(payload, "the log payload", Arguments.MAX_BLOB);
        return tx.write("delete a key", StoreChange.KEYS, c -> {
            long seq = LogRows.next(c);
            if (!KeyRows.nameExists(c, name) || DeletedKeyRows.isDeleted(c, name)) {
                throw StoreException.notFound("no key " + name);
            }
            DeletedKeyRows.insert(c, name, deleted, purge, recoveryId);
            LogRows.append(c, seq, LogKind.KEY_DELETED, name, null, note, clock.instant());
            return seq;
        });
    }

    long recoverKey(String name, byte[] payload) {
        Arguments.keyName(name);
        byte[] note = Arguments.bytes(payload, "the log payload", Arguments.MAX_BLOB);
        return tx.write("recover a key", StoreChange.KEYS, c -> {
            long seq = LogRows.next(c);
            if (!DeletedKeyRows.delete(c, name)) {
                throw StoreException.notFound("no deleted key " + name);
            }
            LogRows.append(c, seq, LogKind.KEY_RECOVERED, name, null, note, clock.instant());
            return seq;
        });
    }

    long purgeKey(String name, byte[] payload) {
        Arguments.keyName(name);
        byte[] note = Arguments.bytes(payload, "the log payload", Arguments.MAX_BLOB);
        return tx.write("purge a key", StoreChange.KEYS, c -> {
            long seq = LogRows.next(c);
            if (!DeletedKeyRows.isDeleted(c, name)) {
                throw StoreException.notFound("no deleted key " + name);
            }
            List<String> versionIds = KeyRows.versionIds(c, name);
            RotationPolicyRows.delete(c, name);
            KeyRows.deleteName(c, name);
            Instant now = clock.instant();
            for (int i = 0; i < versionIds.size(); i++) {
                if (i > 0) {
                    seq = LogRows.next(c);
                }
                LogRows.append(c, seq, LogKind.KEY_PURGED, name, versionIds.get(i), note, now);
                KeyRows.insertTombstone(c, versionIds.get(i), name, now);
            }
            return seq;
        });
    }

    // ---- keys: reads

    Optional<KeyVersion> latestVersion(String name) {
        Arguments.keyName(name);
        return tx.read("read a key", c -> DeletedKeyRows.isDeleted(c, name) ? Optional.empty() : KeyRows.latest(c, name));
    }

    Optional<KeyVersion> keyVersion(String name, String versionId) {
        Arguments.keyName(name);
        Arguments.hex32(versionId, "a key version id");
        return tx.read("read a key version",
                c -> DeletedKeyRows.isDeleted(c, name) ? Optional.empty() : KeyRows.version(c, name, versionId));
    }

    boolean wasPurged(String versionId) {
        Arguments.hex32(versionId, "a key version id");
        return tx.read("read a tombstone", c -> KeyRows.wasPurged(c, versionId));
    }

    void forgetPurge(String versionId) {
        Arguments.hex32(versionId, "a key version id");
        tx.write("lift a tombstone", c -> Rows.update(c, "DELETE FROM purged_versions WHERE version_id = ?", versionId));
    }

    void rememberPurge(String versionId, String name) {
        Arguments.hex32(versionId, "a key version id");
        Arguments.keyName(name);
        tx.write("put back a tombstone", c -> {
            if (!KeyRows.wasPurged(c, versionId)) {
                KeyRows.insertTombstone(c, versionId, name, clock.instant());
            }
            return null;
        });
    }

    Optional<KeyVersion> versionById(String versionId) {
        Arguments.hex32(versionId, "a key version id");
        return tx.read("read a key version", c -> KeyRows.byId(c, versionId));
    }

    Page<KeyVersion> listKeys(String continuation, int limit) {
        Arguments.pageSize(limit);
        String after = ContinuationToken.decode(KEYS, continuation);
        var rows = tx.read("list keys", c -> KeyRows.latestOfLiveNames(c, after == null ? "" : after, limit + 1));
        return page(rows, limit, last -> ContinuationToken.encode(KEYS, last.name()));
    }

    Page<KeyVersion> listVersions(String name, String continuation, int limit) {
        Arguments.keyName(name);
        Arguments.pageSize(limit);
        String listing = VERSIONS + "/" + name;
        long after = ContinuationToken.decodeSeq(listing, continuation);
        var rows = tx.read("list key versions", c -> DeletedKeyRows.isDeleted(c, name) ? List.<KeyVersion>of()
                : KeyRows.versionsOf(c, name, after, limit + 1));
        return page(rows, limit, last -> ContinuationToken.encode(listing, Long.toString(last.seq())));
    }

    Optional<DeletedKey> deletedKey(String name) {
        Arguments.keyName(name);
        return tx.read("read a deleted key", c -> DeletedKeyRows.find(c, name));
    }

    Page<DeletedKey> listDeletedKeys(String continuation, int limit) {
        Arguments.pageSize(limit);
        String after = ContinuationToken.decode(DELETED, continuation);
        var rows = tx.read("list deleted keys", c -> DeletedKeyRows.after(c, after == null ? "" : after, limit + 1));
        return page(rows, limit, last -> ContinuationToken.encode(DELETED, last.name()));
    }

    List<DeletedKey> deletedKeysDue(Instant now, int limit) {
        Instant at = Arguments.time(now, "the time");
        Arguments.logReadSize(limit);
        return tx.read("list keys due for purge", c -> DeletedKeyRows.due(c, at, limit));
    }

    // ---- rotation policies

    Optional<KeyRotationPolicy> rotationPolicy(String name) {
        Arguments.keyName(name);
        return tx.read("read a rotation policy",
                c -> DeletedKeyRows.isDeleted(c, name) ? Optional.empty() : RotationPolicyRows.find(c, name));
    }

    KeyRotationPolicy putRotationPolicy(String name, String policyJson, Instant at) {
        Arguments.keyName(name);
        Arguments.text(policyJson, "the rotation policy", Arguments.MAX_JSON);
        Instant when = Arguments.time(at, "the update time");
        return tx.write("store a rotation policy", c -> {
            if (!KeyRows.nameExists(c, name) || DeletedKeyRows.isDeleted(c, name)) {
                throw StoreException.notFound("no key " + name);
            }
            RotationPolicyRows.put(c, name, policyJson, when);
            return RotationPolicyRows.find(c, name).orElseThrow();
        });
    }

    List<KeyRotationPolicy> rotationPolicies() {
        return tx.read("list rotation policies", RotationPolicyRows::live);
    }

    /** {@code rows} holds up to limit + 1 items; the extra one only says that there is a next page. */
    private static <T> Page<T> page(List<T> rows, int limit, Function<T, String> token) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, token.apply(items.get(limit - 1)));
    }
}
