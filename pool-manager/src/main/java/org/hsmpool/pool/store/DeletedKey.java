package org.hsmpool.pool.store;

import java.time.Instant;

/**
 * A soft-deleted key name. Its versions are still stored, out of the live view, until it is
 * recovered or purged.
 *
 * @param recoveryId what the API returns as {@code recoveryId}; kept as given
 * @param latest the name's latest version at deletion time
 */
public record DeletedKey(String name, Instant deletedAt, Instant scheduledPurgeAt, String recoveryId,
        KeyVersion latest) {

    public DeletedKey {
        Arguments.keyName(name);
        deletedAt = Arguments.time(deletedAt, "the deletion time");
        scheduledPurgeAt = Arguments.time(scheduledPurgeAt, "the scheduled purge time");
        if (scheduledPurgeAt.isBefore(deletedAt)) {
            throw StoreException.invalid("a key cannot be purged before it is deleted");
        }
        Arguments.text(recoveryId, "a recovery id", 1024);
        Arguments.present(latest, "the latest version");
    }
}
