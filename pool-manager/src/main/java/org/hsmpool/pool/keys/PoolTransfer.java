package org.hsmpool.pool.keys;

import java.io.IOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hsmpool.pool.leader.Leadership;
import org.hsmpool.pool.nodes.NodeRegistry;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.replication.CatchUp;
import org.hsmpool.pool.router.NodeRouter;
import org.hsmpool.pool.store.KeyProperties;
import org.hsmpool.pool.store.KeyVersion;
import org.hsmpool.pool.store.NewKeyVersion;
import org.hsmpool.pool.store.Page;
import org.hsmpool.pool.store.Pool;
import org.hsmpool.pool.store.PoolState;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.StoreException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * A whole pool's keys out of one store and into another (DESIGN.md flow 6, the step after a
 * restore).
 *
 * <p>The export is {@code {format, pool, domain, exported, versions, document, mac}}: the document
 * (base64url JSON) holds every version of every live key with its sealed key, attributes and
 * times; the MAC is HMAC-SHA-256 under the pool MAC key H, made in a node ({@code DomainMac},
 * purpose {@value #PURPOSE}) over the document's SHA-256, so it opens and verifies only in a pool
 * holding the same security domain, and no caller can write one of their own.
 *
 * <p>The import refuses, before it writes anything: another format or domain, a MAC that does not
 * verify (an altered or forged export), a name that is internal or not a client key name, a name
 * live or deleted in this pool to which the export would add versions (an import never adds
 * versions to a key of this pool), a version id this pool holds under another name, and a sealed
 * key whose contents a node finds to disagree with the document. Each version's id, key type,
 * public key and key_ops ceiling come from the sealed key as a node opened it
 * ({@link SealedVersions}). Versions the pool already holds are skipped, so importing the same
 * export twice is harmless. The imported versions are then appended and replayed into every
 * healthy node before the answer.
 */
@ApplicationScoped
public class PoolTransfer {
    public static final int FORMAT = 2;
    static final String PURPOSE = "pool-export";
    private static final Logger LOG = Logger.getLogger(PoolTransfer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final PoolStore store;
    private final NodeRegistry registry;
    private final CatchUp catchUp;
    private final Leadership leadership;
    private final NodeRouter router;

    public PoolTransfer(PoolStore store, NodeRegistry registry, CatchUp catchUp, NodeRouter router,
            Leadership leadership) {
        this.leadership = leadership;
        this.store = store;
        this.registry = registry;
        this.catchUp = catchUp;
        this.router = router;
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
        long at = Instant.now().getEpochSecond();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("pool", pool.id());
        document.put("domain", pool.securityDomain().domainId());
        document.put("exported", at);
        document.put("versions", versions);
        byte[] bytes = json(document);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", FORMAT);
        out.put("pool", pool.id());
        out.put("domain", pool.securityDomain().domainId());
        out.put("exported", at);
        out.put("versions", versions.size());
        out.put("document", B64.encodeToString(bytes));
        out.put("mac", B64.encodeToString(mac(bytes)));
        return out;
    }

    private static Map<String, Object> exported(KeyVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.putAll(VersionDescriptions.of(v.versionId(), v.keyType(), v.sealedKey(), v.properties(), v.managed(),
                v.created(), v.updated()));
        return m;
    }

    /**
     * Import an export of this pool's security domain, given by its members ({@code document} and
     * {@code mac} base64url); returns the number of versions added.
     */
    public synchronized int importAll(int format, String exportDomain, String encodedDocument, String encodedMac) {
        Pool pool = activated();
        String domain = pool.securityDomain().domainId();
        if (format != FORMAT) {
            throw KeyException.badParameter("not a pool export of format " + FORMAT
                    + " (GET /hsmpool/export of a pool of this version)");
        }
        if (!domain.equals(exportDomain)) {
            throw KeyException.badParameter("the export belongs to security domain "
                    + shortened(exportDomain) + "; this pool holds " + domain
                    + ": restore that security domain first");
        }
        byte[] document;
        byte[] claimedMac;
        try {
            document = B64D.decode(encodedDocument);
            claimedMac = B64D.decode(encodedMac);
        } catch (IllegalArgumentException e) {
            throw KeyException.badParameter("the export's document or mac is not base64url");
        }
        if (!MessageDigest.isEqual(mac(document), claimedMac)) {
            throw KeyException.badParameter("the export does not verify under this pool's security domain: "
                    + "it was altered, or it was not made by a pool of this security domain");
        }
        List<NewKeyVersion> described = described(document, domain);
        List<NewKeyVersion> fresh = new ArrayList<>();
        for (NewKeyVersion v : described) {
            if (!alreadyHeld(v)) {
                fresh.add(v);
            }
        }
        for (NewKeyVersion v : fresh) {
            if (store.wasPurged(v.versionId())) {
                throw KeyException.conflict("version " + v.versionId() + " of " + v.name() + " was purged from "
                        + "this pool and never comes back: import an export taken after the purge");
            }
            if (store.latestVersion(v.name()).isPresent() || store.deletedKey(v.name()).isPresent()) {
                throw KeyException.conflict("a key named " + v.name() + " exists in this pool (live or "
                        + "deleted) without version " + v.versionId() + " of the export: an import never adds "
                        + "versions to a key of this pool; delete and purge it first");
            }
        }
        List<NewKeyVersion> versions = SealedVersions.opened(router, fresh);
        int added = 0;
        for (NewKeyVersion v : versions) {
            try {
                store.appendKeyVersion(v, new byte[0]);
                added++;
            } catch (StoreException e) {
                throw KeyException.conflict("version " + v.versionId() + " of " + v.name() + " cannot be added ("
                        + added + " of " + versions.size() + " were): " + e.getMessage());
            }
        }
        for (PoolNode node : registry.healthy()) {
            if (leadership.epoch().isEmpty()) {
                // replaying into nodes is the leader's work; this manager stops serving from the node
                // until the leader has caught it up (admission waits for leadership)
                registry.needsCatchUp(node, "pool import on a manager that does not lead");
            } else {
                catchUp.admit(node);
            }
        }
        LOG.infof("pool import: %d of %d versions added and replayed into %d nodes", added, described.size(),
                registry.healthy().size());
        return added;
    }

    /** Whether this pool holds the version already, under the same name; 409 if under another. */
    private boolean alreadyHeld(NewKeyVersion v) {
        Optional<KeyVersion> held = store.versionById(v.versionId());
        if (held.isPresent() && !held.get().name().equals(v.name())) {
            throw KeyException.conflict("version " + v.versionId() + " is held in this pool by key "
                    + held.get().name() + ", not by " + v.name());
        }
        return held.isPresent();
    }

    /** The versions of a document whose MAC was checked, names checked as a client's. */
    private static List<NewKeyVersion> described(byte[] document, String domain) {
        JsonNode doc;
        try {
            doc = JSON.readTree(document);
        } catch (IOException e) {
            throw KeyException.badParameter("the export's document is not JSON");
        }
        if (doc == null || !domain.equals(doc.path("domain").asText()) || !doc.path("versions").isArray()) {
            throw KeyException.badParameter("the export's document is not of this security domain");
        }
        List<NewKeyVersion> versions = new ArrayList<>();
        for (JsonNode v : doc.get("versions")) {
            SealedVersions.clientName(v.path("name").asText(null));
            try {
                versions.add(described(v));
            } catch (StoreException | IllegalArgumentException e) {
                throw KeyException.badParameter("the export is malformed: " + e.getMessage());
            }
        }
        return versions;
    }

    private static NewKeyVersion described(JsonNode v) {
        List<String> ops = new ArrayList<>();
        v.path("key_ops").forEach(op -> ops.add(op.asText()));
        Map<String, String> tags = new LinkedHashMap<>();
        v.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        KeyProperties properties = new KeyProperties(v.path("enabled").asBoolean(true), millis(v.get("nbf")),
                millis(v.get("exp")), ops, tags);
        return new NewKeyVersion(v.path("name").asText(), v.path("version").asText(), v.path("kty").asText(), null,
                B64D.decode(v.path("sealed").asText()), properties, v.path("managed").asBoolean(false),
                millis(v.get("created")), millis(v.get("updated")));
    }

    /** HMAC under H, in a node, of the document's SHA-256 ({@link DomainMacs}). */
    private byte[] mac(byte[] document) {
        return DomainMacs.ofDigest(router, PURPOSE, document);
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shortened(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static Instant millis(JsonNode n) {
        return n == null || n.isNull() ? null : Instant.ofEpochMilli(n.asLong());
    }

    private Pool activated() {
        Pool pool = store.pool().orElseThrow();
        if (pool.state() != PoolState.Activated) {
            throw KeyException.forbidden("the pool is " + pool.state() + ": activate or restore it first");
        }
        return pool;
    }
}
