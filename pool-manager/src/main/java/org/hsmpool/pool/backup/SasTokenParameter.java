package org.hsmpool.pool.backup;

import org.hsmpool.pool.config.PoolConfig;

import jakarta.validation.constraints.AssertFalse;

/**
 * SASTokenParameter, the body of {@code POST /backup} and a member of the restore bodies: the blob
 * container's URL (or a {@code file:} URL of a directory) and the SAS token, read as the api
 * package reads every body (strictly; messages name the member, never the value: a SAS token must
 * not come back in an error). A managed identity is not supported.
 */
public record SasTokenParameter(
        String storageResourceUri,
        String token,
        @AssertFalse(message = "is not supported: give a SAS token") Boolean useManagedIdentity) {
    static final String REQUIRED = "is required: an object with storageResourceUri and token";

    BackupLocation location(PoolConfig config) {
        return BackupLocation.of(storageResourceUri, token, config);
    }
}
