package org.hsmpool.pool.keys;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.pool.store.KeyProperties;
import org.hsmpool.pool.store.KeyVersion;
import org.hsmpool.pool.store.NewKeyVersion;
import org.hsmpool.pool.store.StoreException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The key backup blob: every version of one key — sealed key (wrapped under the pool wrap key W,
 * MACed with H by a node), public JWK, attributes, times — and its rotation policy, as a JSON
 * document, MACed as a whole with the pool MAC key H inside a node ({@code DomainMac}, purpose
 * {@value #PURPOSE}). The client gets {@code {"format","document","mac"}} (base64url in the API's
 * {@code value}, so opaque to it), and
 * usable only in a pool whose security domain has the same H. No plaintext key material is in it.
 */
final class KeyBackups {
    static final String PURPOSE = "key-backup";
    static final String FORMAT = "hsmpool-key-backup-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    private KeyBackups() {
    }

    /** A backup as read back: the MACed document bytes and the MAC, not yet checked. */
    record Sealed(byte[] document, byte[] mac) {
    }

    /** The contents of a checked document. */
    record Contents(String name, List<NewKeyVersion> versions, String rotationPolicyJson) {
    }

    static byte[] document(String name, List<KeyVersion> versions, String rotationPolicyJson, Instant at) {
        List<Object> out = new ArrayList<>();
        for (KeyVersion v : versions) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("versionId", v.versionId());
            m.put("keyType", v.keyType());
            m.put("publicJwk", v.publicJwk());
            m.put("sealedKey", B64.encodeToString(v.sealedKey()));
            KeyProperties p = v.properties();
            m.put("enabled", p.enabled());
            m.put("nbf", p.notBefore() == null ? null : p.notBefore().toEpochMilli());
            m.put("exp", p.expires() == null ? null : p.expires().toEpochMilli());
            m.put("keyOps", p.keyOps());
            m.put("tags", p.tags());
            m.put("managed", v.managed());
            m.put("created", v.created().toEpochMilli());
            m.put("updated", v.updated().toEpochMilli());
            out.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", name);
        doc.put("backedUp", at.toEpochMilli());
        doc.put("versions", out);
        doc.put("rotationPolicy", rotationPolicyJson);
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The blob (the API base64url-encodes it into {@code value}). */
    static byte[] seal(byte[] document, byte[] mac) {
        try {
            return JSON.writeValueAsBytes(Map.of("format", FORMAT, "document", B64.encodeToString(document), "mac",
                    B64.encodeToString(mac)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Sealed unseal(byte[] blob) {
        try {
            JsonNode outer = JSON.readTree(blob);
            if (outer == null || !FORMAT.equals(outer.path("format").asText())) {
                throw notABackup();
            }
            return new Sealed(UNB64.decode(outer.path("document").asText()), UNB64.decode(outer.path("mac").asText()));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw notABackup();
        }
    }

    /** Reads a document whose MAC was checked, so it was written by {@link #document}. */
    static Contents contents(byte[] document) {
        try {
            JsonNode doc = JSON.readTree(document);
            String name = doc.path("name").asText();
            List<NewKeyVersion> versions = new ArrayList<>();
            for (JsonNode v : doc.path("versions")) {
                KeyProperties properties = new KeyProperties(v.path("enabled").asBoolean(), millis(v.get("nbf")),
                        millis(v.get("exp")), JSON.convertValue(v.get("keyOps"), new TypeReference<List<String>>() {
                        }), JSON.convertValue(v.get("tags"), new TypeReference<Map<String, String>>() {
                        }));
                versions.add(new NewKeyVersion(name, v.path("versionId").asText(), v.path("keyType").asText(),
                        v.get("publicJwk") == null || v.get("publicJwk").isNull() ? null : v.get("publicJwk").asText(),
                        UNB64.decode(v.path("sealedKey").asText()), properties, v.path("managed").asBoolean(),
                        Instant.ofEpochMilli(v.path("created").asLong()), Instant.ofEpochMilli(v.path("updated").asLong())));
            }
            JsonNode policy = doc.get("rotationPolicy");
            if (versions.isEmpty()) {
                throw notABackup();
            }
            return new Contents(name, versions, policy == null || policy.isNull() ? null : policy.asText());
        } catch (java.io.IOException | IllegalArgumentException | StoreException e) {
            throw notABackup();
        }
    }

    private static Instant millis(JsonNode n) {
        return n == null || n.isNull() ? null : Instant.ofEpochMilli(n.asLong());
    }

    static KeyException notABackup() {
        return KeyException.badParameter("value is not a key backup of this pool");
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
