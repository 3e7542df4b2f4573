package org.hsmpool.pool.keys;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hsmpool.pool.store.DeletedKey;
import org.hsmpool.pool.store.KeyProperties;
import org.hsmpool.pool.store.KeyVersion;
import org.hsmpool.pool.store.PoolState;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.StoreException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Finding a key version for a request, with the checks every key call makes first (the pool is
 * activated; the version exists; for an operation, its attributes allow it now), and the client's
 * view of a stored version.
 */
final class KeyLookup {
    static final int MIN_RETENTION_DAYS = 7;
    static final int MAX_RETENTION_DAYS = 90;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PoolStore store;
    private final int retentionDays;

    KeyLookup(PoolStore store, int retentionDays) {
        if (retentionDays < MIN_RETENTION_DAYS || retentionDays > MAX_RETENTION_DAYS) {
            throw new IllegalArgumentException("hsmpool.pool.soft-delete-retention-days must be " + MIN_RETENTION_DAYS
                    + " to " + MAX_RETENTION_DAYS + ", is " + retentionDays);
        }
        this.store = store;
        this.retentionDays = retentionDays;
    }

    int retentionDays() {
        return retentionDays;
    }

    void requireActivated() {
        PoolState state = store.pool().orElseThrow().state();
        if (state != PoolState.Activated) {
            throw KeyException.forbidden("the pool is " + state
                    + ": activate it by downloading the security domain (POST /securitydomain/download) first");
        }
    }

    /** The version (the latest when {@code version} is null or empty) of a live key. */
    KeyVersion resolve(String name, String version) {
        requireActivated();
        try {
            var found = version == null || version.isEmpty() ? store.latestVersion(name)
                    : store.keyVersion(name, version);
            return found.orElseThrow(() -> KeyException.keyNotFound("A key with (name/version) " + name
                    + (version == null || version.isEmpty() ? "" : "/" + version) + " was not found in this pool"));
        } catch (StoreException e) {
            throw KeyErrors.translate(e);
        }
    }

    /** The version, if its attributes allow {@code op} now. */
    KeyVersion usable(String name, String version, String op, boolean allowedOutsideWindow) {
        KeyVersion v = resolve(name, version);
        KeyProperties p = v.properties();
        if (!p.enabled()) {
            throw KeyException.keyDisabled("Operation " + op + " is not allowed on a disabled key");
        }
        Instant now = Instant.now();
        boolean inWindow = (p.notBefore() == null || !now.isBefore(p.notBefore()))
                && (p.expires() == null || now.isBefore(p.expires()));
        if (!inWindow && !allowedOutsideWindow) {
            throw KeyException.forbidden("Operation " + op
                    + " is not allowed outside the key's nbf..exp validity period");
        }
        if (!p.keyOps().contains(op)) {
            throw KeyException.forbidden("Operation " + op + " is not permitted by the key's key_ops "
                    + p.keyOps());
        }
        return v;
    }

    /** A stored version as the client sees it. */
    ManagedKey view(KeyVersion v) {
        Map<String, Object> jwk;
        try {
            jwk = v.publicJwk() == null ? new LinkedHashMap<>(Map.of("kty", v.keyType()))
                    : JSON.readValue(v.publicJwk(), new TypeReference<LinkedHashMap<String, Object>>() {
                    });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JWK of " + v.versionId() + " is not JSON", e);
        }
        KeyProperties p = v.properties();
        return new ManagedKey(v.name(), v.versionId(), v.keyType(), jwk, p.keyOps(), p.enabled(), p.notBefore(),
                p.expires(), v.created(), v.updated(),
                retentionDays == MAX_RETENTION_DAYS ? "Recoverable+Purgeable" : "CustomizedRecoverable+Purgeable",
                retentionDays, p.tags(), v.managed());
    }

    KeyService.Deleted deleted(DeletedKey deleted) {
        return new KeyService.Deleted(deleted.name(), deleted.deletedAt(), deleted.scheduledPurgeAt(),
                view(deleted.latest()));
    }
}
