package org.hsmpool.pool.backup;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.pool.keys.VersionDescriptions;
import org.hsmpool.pool.store.KeyProperties;
import org.hsmpool.pool.store.KeyRotationPolicy;
import org.hsmpool.pool.store.NewKeyVersion;
import org.hsmpool.pool.store.PoolContents;
import org.hsmpool.pool.store.RoleAssignment;
import org.hsmpool.pool.store.RoleDefinition;
import org.hsmpool.pool.store.ServicePrincipal;
import org.hsmpool.pool.store.StoreException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The backup document ({@value #FILE}): JSON that names its pool and security domain and holds the
 * pool's contents ({@link PoolContents}) with a manifest of how many of each there are. Key versions
 * are there only as sealed keys (wrapped under W and MACed with H by a node), service principals only
 * with their secret hashes: no plaintext key or secret. Its integrity is {@link BackupSeal}'s: the
 * document is read only after its MAC verified, and the manifest must then match what it holds.
 * Times are epoch milliseconds.
 */
final class FullBackupDocument {
    static final String FILE = "backup.json";
    static final String FORMAT = "hsmpool-full-backup";
    static final int VERSION = 1;
    private static final ObjectMapper WRITER = new ObjectMapper();
    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** What the document says about itself, besides the contents. */
    record Header(String pool, String poolName, String domain, Instant created, Map<String, Integer> manifest) {
    }

    private FullBackupDocument() {
    }

    static byte[] write(Header header, PoolContents contents) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("version", VERSION);
        doc.put("pool", header.pool());
        doc.put("poolName", header.poolName());
        doc.put("domain", header.domain());
        doc.put("created", header.created().toEpochMilli());
        doc.put("manifest", manifest(contents));
        List<Object> keys = new ArrayList<>();
        for (PoolContents.PoolKey k : contents.keys()) {
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("name", k.name());
            if (k.deletion() != null) {
                key.put("deleted", Map.of("deletedDate", k.deletion().deletedAt().toEpochMilli(), "scheduledPurgeDate",
                        k.deletion().scheduledPurgeAt().toEpochMilli(), "recoveryId", k.deletion().recoveryId()));
            }
            if (k.rotationPolicy() != null) {
                key.put("rotationPolicy", Map.of("policy", k.rotationPolicy().policyJson(), "created",
                        k.rotationPolicy().created().toEpochMilli(), "updated", k.rotationPolicy().updated().toEpochMilli()));
            }
            key.put("versions", k.versions().stream().map(FullBackupDocument::version).toList());
            keys.add(key);
        }
        doc.put("keys", keys);
        doc.put("roleDefinitions", contents.roleDefinitions().stream().map(d -> Map.of("id", d.id(), "roleName",
                d.roleName(), "description", d.description(), "permissions", d.permissionsJson(), "assignableScopes",
                d.assignableScopes())).toList());
        doc.put("roleAssignments", contents.roleAssignments().stream().map(a -> Map.of("id", a.id(), "scope", a.scope(),
                "roleDefinitionId", a.roleDefinitionId(), "principalId", a.principalId())).toList());
        doc.put("principals", contents.principals().stream().map(p -> Map.of("clientId", p.clientId(), "objectId",
                p.objectId(), "displayName", p.displayName(), "secretHash", p.secretHash(), "created",
                p.created().toEpochMilli())).toList());
        doc.put("settings", new java.util.TreeMap<>(contents.settings()));
        try {
            return WRITER.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Integer> manifest(PoolContents c) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("keys", c.keys().size());
        m.put("versions", c.versionCount());
        m.put("deletedKeys", (int) c.keys().stream().filter(k -> k.deletion() != null).count());
        m.put("rotationPolicies", (int) c.keys().stream().filter(k -> k.rotationPolicy() != null).count());
        m.put("roleDefinitions", c.roleDefinitions().size());
        m.put("roleAssignments", c.roleAssignments().size());
        m.put("principals", c.principals().size());
        m.put("settings", c.settings().size());
        return m;
    }

    private static Map<String, Object> version(NewKeyVersion v) {
        return VersionDescriptions.of(v.versionId(), v.keyType(), v.sealedKey(), v.properties(), v.managed(),
                v.created(), v.updated());
    }

    /** The domain a document names, or null when it names none (not JSON, say); unverified. */
    static String claimedDomain(byte[] document) {
        try {
            return tree(document).path("domain").asText(null);
        } catch (BackupFailure e) {
            return null;
        }
    }

    /** The header, after the format check (of a document whose MAC verified). */
    static Header header(byte[] document) {
        JsonNode doc = tree(document);
        if (!FORMAT.equals(doc.path("format").asText()) || doc.path("version").asInt() != VERSION) {
            throw BackupFailure.invalidBackup("not an hsmpool full backup of format " + FORMAT + " version " + VERSION);
        }
        Map<String, Integer> manifest = new LinkedHashMap<>();
        doc.path("manifest").fields().forEachRemaining(e -> manifest.put(e.getKey(), e.getValue().asInt()));
        return new Header(doc.path("pool").asText(), doc.path("poolName").asText(), doc.path("domain").asText(),
                Instant.ofEpochMilli(doc.path("created").asLong()), manifest);
    }

    /** The contents of a document whose MAC verified; the manifest must match them. */
    static PoolContents contents(byte[] document) {
        JsonNode doc = tree(document);
        try {
            List<PoolContents.PoolKey> keys = new ArrayList<>();
            for (JsonNode k : array(doc, "keys")) {
                keys.add(key(k));
            }
            List<RoleDefinition> definitions = new ArrayList<>();
            for (JsonNode d : array(doc, "roleDefinitions")) {
                List<String> scopes = new ArrayList<>();
                d.path("assignableScopes").forEach(s -> scopes.add(s.asText()));
                definitions.add(new RoleDefinition(text(d, "id"), text(d, "roleName"), d.path("description").asText(""),
                        text(d, "permissions"), scopes));
            }
            List<RoleAssignment> assignments = new ArrayList<>();
            for (JsonNode a : array(doc, "roleAssignments")) {
                assignments.add(new RoleAssignment(text(a, "id"), text(a, "scope"), text(a, "roleDefinitionId"),
                        text(a, "principalId")));
            }
            List<ServicePrincipal> principals = new ArrayList<>();
            for (JsonNode p : array(doc, "principals")) {
                principals.add(new ServicePrincipal(text(p, "clientId"), text(p, "objectId"), text(p, "displayName"),
                        text(p, "secretHash"), millis(p, "created")));
            }
            Map<String, String> settings = new LinkedHashMap<>();
            doc.path("settings").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
            PoolContents contents = new PoolContents(keys, definitions, assignments, principals, settings);
            if (!manifest(contents).equals(header(document).manifest())) {
                throw BackupFailure.invalidBackup("the backup's manifest " + header(document).manifest()
                        + " does not match what it holds " + manifest(contents));
            }
            return contents;
        } catch (StoreException | IllegalArgumentException | NullPointerException e) {
            throw BackupFailure.invalidBackup("the backup is malformed: " + e.getMessage());
        }
    }

    private static PoolContents.PoolKey key(JsonNode k) {
        String name = text(k, "name");
        List<NewKeyVersion> versions = new ArrayList<>();
        for (JsonNode v : array(k, "versions")) {
            List<String> ops = new ArrayList<>();
            v.path("key_ops").forEach(op -> ops.add(op.asText()));
            Map<String, String> tags = new LinkedHashMap<>();
            v.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            KeyProperties properties = new KeyProperties(v.path("enabled").asBoolean(true), optionalMillis(v, "nbf"),
                    optionalMillis(v, "exp"), ops, tags);
            versions.add(new NewKeyVersion(name, text(v, "version"), text(v, "kty"), null, B64D.decode(text(v, "sealed")),
                    properties, v.path("managed").asBoolean(false), millis(v, "created"), millis(v, "updated")));
        }
        PoolContents.Deletion deletion = null;
        if (k.has("deleted")) {
            JsonNode d = k.get("deleted");
            deletion = new PoolContents.Deletion(millis(d, "deletedDate"), millis(d, "scheduledPurgeDate"),
                    text(d, "recoveryId"));
        }
        KeyRotationPolicy policy = null;
        if (k.has("rotationPolicy")) {
            JsonNode p = k.get("rotationPolicy");
            policy = new KeyRotationPolicy(name, text(p, "policy"), millis(p, "created"), millis(p, "updated"));
        }
        return new PoolContents.PoolKey(name, versions, deletion, policy);
    }

    private static JsonNode tree(byte[] document) {
        try {
            JsonNode doc = READER.readTree(document);
            if (doc == null || !doc.isObject()) {
                throw BackupFailure.invalidBackup("the backup document is not a JSON object");
            }
            return doc;
        } catch (IOException e) {
            throw BackupFailure.invalidBackup("the backup document is not JSON");
        }
    }

    private static Iterable<JsonNode> array(JsonNode node, String name) {
        JsonNode a = node.get(name);
        if (a == null || !a.isArray()) {
            throw BackupFailure.invalidBackup("the backup has no array '" + name + "'");
        }
        return a;
    }

    private static String text(JsonNode node, String name) {
        JsonNode t = node.get(name);
        if (t == null || !t.isTextual()) {
            throw BackupFailure.invalidBackup("the backup lacks the text '" + name + "'");
        }
        return t.asText();
    }

    private static Instant millis(JsonNode node, String name) {
        JsonNode t = node.get(name);
        if (t == null || !t.canConvertToLong()) {
            throw BackupFailure.invalidBackup("the backup lacks the time '" + name + "'");
        }
        return Instant.ofEpochMilli(t.asLong());
    }

    private static Instant optionalMillis(JsonNode node, String name) {
        return node.has(name) ? millis(node, name) : null;
    }
}
