package org.hsmpool.pool.keys;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hsmpool.pool.store.KeyProperties;

/**
 * A key version as pool exports and full backups describe it (JSON members, times in epoch
 * milliseconds): its sealed key and what the store keeps beside it. Only the sealed key is authentic
 * on its own; a reader takes the rest as a description ({@link SealedVersions}).
 */
public final class VersionDescriptions {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private VersionDescriptions() {
    }

    public static Map<String, Object> of(String versionId, String keyType, byte[] sealedKey, KeyProperties p,
            boolean managed, Instant created, Instant updated) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", versionId);
        m.put("kty", keyType);
        m.put("sealed", B64.encodeToString(sealedKey));
        m.put("enabled", p.enabled());
        if (p.notBefore() != null) {
            m.put("nbf", p.notBefore().toEpochMilli());
        }
        if (p.expires() != null) {
            m.put("exp", p.expires().toEpochMilli());
        }
        m.put("key_ops", p.keyOps());
        m.put("tags", p.tags());
        m.put("managed", managed);
        m.put("created", created.toEpochMilli());
        m.put("updated", updated.toEpochMilli());
        return m;
    }
}
