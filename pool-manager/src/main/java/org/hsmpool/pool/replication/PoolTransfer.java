package org.hsmpool.pool.replication;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.pool.keys.KeyVaultException;
import org.hsmpool.pool.nodes.NodeRegistry;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.store.KeyProperties;
import org.hsmpool.pool.store.KeyVersion;
import org.hsmpool.pool.store.NewKeyVersion;
import org.hsmpool.pool.store.Page;
import org.hsmpool.pool.store.Pool;
import org.hsmpool.pool.store.PoolState;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.StoreException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * A whole pool's keys out of one store and into another (DESIGN.md flow 6, the step after a
 * restore). The export holds every version of every live key with its sealed form — ciphertext
 * under the pool wrap key, which opens only in a pool of the same security domain — and its
 * attributes; the import refuses an export of another domain, appends every version to the store
 * (keeping its times) and replays the log into every healthy node before it answers.
 */
@ApplicationScoped
public class PoolTransfer {
    public static final int FORMAT = 1;
    private static final Logger LOG = Logger.getLogger(PoolTransfer.class);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final PoolStore store;
    private final NodeRegistry registry;
    private final CatchUp catchUp;

    public PoolTransfer(PoolStore store, NodeRegistry registry, CatchUp catchUp) {
        this.store = store;
        this.registry = registry;
        this.catchUp = catchUp;
    }

    public Map<String, Object> export() {
        Pool pool = activated();
        List<Map<String, Object>> versions = new ArrayList<>();
        String names = null;
        do {
            Page<KeyVersion> page = store.listKeys(names, 25);
            for (KeyVersion latest : page.items()) {
                String more = null;
                do {
                    Page<KeyVersion> vs = store.listVersions(latest.name(), more, 25);
                    vs.items().forEach(v -> versions.add(exported(v)));
                    more = vs.continuation();
                } while (more != null);
            }
            names = page.continuation();
        } while (names != null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", FORMAT);
        out.put("pool", pool.id());
        out.put("domain", pool.securityDomain().domainId());
        out.put("exported", Instant.now().getEpochSecond());
        out.put("versions", versions);
        return out;
    }

    private static Map<String, Object> exported(KeyVersion v) {
        KeyProperties p = v.properties();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("version", v.versionId());
        m.put("kty", v.keyType());
        if (v.publicJwk() != null) {
            m.put("jwk", v.publicJwk());
        }
        m.put("sealed", B64.encodeToString(v.sealedKey()));
        m.put("enabled", p.enabled());
        if (p.notBefore() != null) {
            m.put("nbf", p.notBefore().toEpochMilli());
        }
        if (p.expires() != null) {
            m.put("exp", p.expires().toEpochMilli());
        }
        m.put("key_ops", p.keyOps());
        m.put("tags", p.tags());
        m.put("managed", v.managed());
        m.put("created", v.created().toEpochMilli());
        m.put("updated", v.updated().toEpochMilli());
        return m;
    }

    /** Import an export of this pool's security domain; returns the number of versions added. */
    public synchronized int importAll(JsonNode export) {
        Pool pool = activated();
        if (export == null || export.path("format").asInt() != FORMAT || !export.path("versions").isArray()) {
            throw KeyVaultException.badParameter("not a pool export of format " + FORMAT);
        }
        if (!pool.securityDomain().domainId().equals(export.path("domain").asText())) {
            throw KeyVaultException.badParameter("the export belongs to security domain "
                    + export.path("domain").asText() + "; this pool holds " + pool.securityDomain().domainId()
                    + ": restore that security domain first");
        }
        List<NewKeyVersion> versions = new ArrayList<>();
        try {
            for (JsonNode v : export.get("versions")) {
                versions.add(imported(v));
            }
        } catch (RuntimeException e) {
            throw KeyVaultException.badParameter("the export is malformed: " + e.getMessage());
        }
        int added = 0;
        for (NewKeyVersion v : versions) {
            if (store.versionById(v.versionId()).isPresent()) {
                continue;
            }
            try {
                store.appendKeyVersion(v, new byte[0]);
                added++;
            } catch (StoreException e) {
                throw KeyVaultException.conflict("version " + v.versionId() + " of " + v.name() + " cannot be added: "
                        + e.getMessage());
            }
        }
        for (PoolNode node : registry.healthy()) {
            catchUp.admit(node);
        }
        LOG.infof("pool import: %d of %d versions added and replayed into %d nodes", added, versions.size(),
                registry.healthy().size());
        return added;
    }

    private static NewKeyVersion imported(JsonNode v) {
        List<String> ops = new ArrayList<>();
        v.path("key_ops").forEach(op -> ops.add(op.asText()));
        Map<String, String> tags = new LinkedHashMap<>();
        v.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        KeyProperties properties = new KeyProperties(v.path("enabled").asBoolean(true), millis(v.get("nbf")),
                millis(v.get("exp")), ops, tags);
        return new NewKeyVersion(v.path("name").asText(), v.path("version").asText(), v.path("kty").asText(),
                v.hasNonNull("jwk") ? v.get("jwk").asText() : null, B64D.decode(v.path("sealed").asText()), properties,
                v.path("managed").asBoolean(false), millis(v.get("created")), millis(v.get("updated")));
    }

    private static Instant millis(JsonNode n) {
        return n == null || n.isNull() ? null : Instant.ofEpochMilli(n.asLong());
    }

    private Pool activated() {
        Pool pool = store.pool().orElseThrow();
        if (pool.state() != PoolState.Activated) {
            throw KeyVaultException.forbidden("Forbidden", "the pool is " + pool.state() + ": activate or restore it first");
        }
        return pool;
    }
}
