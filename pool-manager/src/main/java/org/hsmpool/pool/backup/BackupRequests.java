package org.hsmpool.pool.backup;

import java.io.IOException;

import org.hsmpool.pool.api.KeyVaultException;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The request bodies of the backup, restore and settings endpoints, read strictly (one JSON object,
 * no duplicate member, members of the right type); messages name the member, never the value (a
 * SAS token must not come back in an error).
 */
final class BackupRequests {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private BackupRequests() {
    }

    static JsonNode object(byte[] body) {
        if (body == null || body.length == 0) {
            throw KeyVaultException.badParameter("the request needs a JSON body");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw KeyVaultException.badParameter("the request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw KeyVaultException.badParameter("the request body is not valid JSON");
        }
    }

    /** The SAS token parameters ({@code storageResourceUri}, {@code token}, {@code useManagedIdentity}). */
    static BackupLocation location(JsonNode sas, String where, org.hsmpool.pool.config.PoolConfig config) {
        if (sas == null || !sas.isObject()) {
            throw KeyVaultException.badParameter("'" + where + "' must be an object with storageResourceUri and token");
        }
        if (sas.path("useManagedIdentity").asBoolean(false)) {
            throw KeyVaultException.badParameter("'" + (where.isEmpty() ? "" : where + ".")
                    + "useManagedIdentity' is not supported: give a SAS token");
        }
        return BackupLocation.of(text(sas, "storageResourceUri", where), text(sas, "token", where), config);
    }

    /** An optional text member; BadParameter if present and not a string. */
    static String text(JsonNode node, String name, String where) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw KeyVaultException.badParameter("'" + (where.isEmpty() ? "" : where + ".") + name + "' must be a string");
        }
        return value.asText();
    }
}
