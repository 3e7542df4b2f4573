package org.hsmpool.pool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

import org.hsmpool.testkit.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

/** Key Vault calls the multi-process tests make through the manager's front end. */
final class Keys {
    private Keys() {
    }

    /** Create a key; returns its version. */
    static String create(RestClient rest, String name, Map<String, Object> spec) throws Exception {
        RestClient.Reply created = rest.post("/keys/" + name + "/create", spec);
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        String kid = created.body().get("key").get("kid").asText();
        return kid.substring(kid.lastIndexOf('/') + 1);
    }

    static RestClient.Reply sign(RestClient rest, String name, String version, String message) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message.getBytes());
        return rest.post("/keys/" + name + "/" + version + "/sign", Map.of("alg", "ES256", "value",
                Base64.getUrlEncoder().withoutPadding().encodeToString(digest)));
    }

    static boolean verifies(RestClient rest, String name, String version, String message, JsonNode signed)
            throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message.getBytes());
        RestClient.Reply v = rest.post("/keys/" + name + "/" + version + "/verify", Map.of("alg", "ES256", "digest",
                Base64.getUrlEncoder().withoutPadding().encodeToString(digest), "value",
                signed.get("value").asText()));
        assertThat(v.status()).as(v.raw()).isEqualTo(200);
        return v.body().get("value").asBoolean();
    }
}
