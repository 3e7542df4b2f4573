package org.hsmpool.sd;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/**
 * What an attacker without any private key can do to a blob: change a public fact in the blob and
 * in every share's protected header alike, so that the blob still parses. Only the authenticated
 * decryption of a share (or the check value) can catch it.
 */
final class Forge {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Forge() {
    }

    static String consistently(String blobJson, String field, JsonNode value) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(blobJson);
            root.set(field, value);
            for (JsonNode entry : root.get("shares")) {
                String jwe = entry.get("jwe").asText();
                ((ObjectNode) entry).put("jwe", withHeaderParam(jwe, "hsmpool." + field, value));
            }
            return JSON.writeValueAsString(root);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String withHeaderParam(String jwe, String name, JsonNode value) {
        try {
            String[] parts = jwe.split("\\.", 2);
            ObjectNode header = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            header.set(name, value);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsString(header).getBytes(UTF_8))
                    + "." + parts[1];
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
