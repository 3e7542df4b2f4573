package org.hsmpool.pool.api;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;


import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request body that must be one JSON object, and typed reads of its fields that refuse what Key
 * Vault's schema does not allow instead of coercing it: a string where a number belongs, 2048.5 for
 * a key size, a value outside an enumeration, a duplicate member, trailing data. A JSON {@code null}
 * is read as an absent field. Every refusal is a BadParameter whose message names the field (with
 * its path, e.g. {@code attributes.nbf}) and never repeats what the client sent.
 */
final class JsonBody {
    /** Larger bodies are refused with 413; the largest legitimate one, a key restore blob, stays far below. */
    static final int MAX_BYTES = 1 << 20;
    /** Unix seconds of 9999-12-31T23:59:59Z, the last instant a Key Vault date may name. */
    private static final long MAX_UNIX_SECONDS = 253_402_300_799L;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ObjectNode node;
    private final String path;

    private JsonBody(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** Parses a whole request body. */
    static JsonBody parse(byte[] body) {
        if (body != null && body.length > MAX_BYTES) {
            throw tooLarge();
        }
        if (body == null || body.length == 0) {
            throw KeyVaultException.badParameter("the request body must be a JSON object");
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw KeyVaultException.badParameter("the request body is not valid JSON" + where(e.getLocation()));
        } catch (IOException e) {
            throw KeyVaultException.badParameter("the request body is not valid JSON");
        }
        if (parsed == null || !parsed.isObject()) {
            throw KeyVaultException.badParameter("the request body must be a JSON object");
        }
        return new JsonBody((ObjectNode) parsed, "");
    }

    static KeyVaultException tooLarge() {
        return new KeyVaultException(413, "RequestEntityTooLarge",
                "the request body is larger than " + MAX_BYTES + " bytes");
    }

    String requiredString(String field) {
        String value = optionalString(field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    String optionalString(String field) {
        JsonNode value = member(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(field, "a string");
        }
        return value.textValue();
    }

    /** A string that must be one of {@code allowed} (compared exactly, as the SDKs send them). */
    String requiredOneOf(String field, Set<String> allowed) {
        String value = optionalOneOf(field, allowed);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    String optionalOneOf(String field, Set<String> allowed) {
        String value = optionalString(field);
        if (value != null && !allowed.contains(value)) {
            throw notOneOf(name(field), allowed);
        }
        return value;
    }

    int requiredInt(String field) {
        Integer value = optionalInt(field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    Integer optionalInt(String field) {
        JsonNode value = member(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrongType(field, "a whole number");
        }
        return value.intValue();
    }

    Boolean optionalBoolean(String field) {
        JsonNode value = member(field);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw wrongType(field, "true or false");
        }
        return value.booleanValue();
    }

    /** A time as Key Vault writes it: whole seconds since 1970-01-01T00:00:00Z. */
    Instant optionalUnixTime(String field) {
        JsonNode value = member(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0
                || value.longValue() > MAX_UNIX_SECONDS) {
            throw wrongType(field, "whole seconds since 1970-01-01T00:00:00Z (up to year 9999)");
        }
        return Instant.ofEpochSecond(value.longValue());
    }

    /** An array of strings, each one of {@code allowed}; repeated entries are kept once. */
    List<String> optionalListOf(String field, Set<String> allowed) {
        List<String> values = optionalStringList(field);
        if (values == null) {
            return null;
        }
        for (int i = 0; i < values.size(); i++) {
            if (!allowed.contains(values.get(i))) {
                throw notOneOf(name(field) + "[" + i + "]", allowed);
            }
        }
        return new ArrayList<>(new LinkedHashSet<>(values));
    }

    /** An array of strings, in order; null when absent. */
    List<String> optionalStringList(String field) {
        JsonNode value = member(field);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw wrongType(field, "an array of strings");
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                throw KeyVaultException.badParameter(name(field) + "[" + i + "] must be a string");
            }
            items.add(item.textValue());
        }
        return items;
    }

    /** An object whose members are all strings (tags). */
    Map<String, String> optionalStringMap(String field) {
        JsonNode value = member(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw wrongType(field, "an object of string values");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw KeyVaultException.badParameter("every member of " + name(field) + " must be a string");
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return map;
    }

    byte[] requiredBytes(String field) {
        return Base64Url.decode(name(field), requiredString(field));
    }

    byte[] optionalBytes(String field) {
        String text = optionalString(field);
        return text == null ? null : Base64Url.decode(name(field), text);
    }

    /** A nested object, read with the same rules; null when absent. */
    JsonBody optionalObject(String field) {
        JsonNode value = member(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw wrongType(field, "an object");
        }
        return new JsonBody((ObjectNode) value, name(field) + ".");
    }

    /** An array of objects, each read with the same rules; null when absent. */
    List<JsonBody> optionalObjectList(String field) {
        JsonNode value = member(field);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw wrongType(field, "an array of objects");
        }
        List<JsonBody> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isObject()) {
                throw KeyVaultException.badParameter(name(field) + "[" + i + "] must be an object");
            }
            items.add(new JsonBody((ObjectNode) value.get(i), name(field) + "[" + i + "]."));
        }
        return items;
    }

    /** The names of the members present (not null), in order. */
    List<String> memberNames() {
        List<String> names = new ArrayList<>();
        node.properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                names.add(e.getKey());
            }
        });
        return names;
    }

    private JsonNode member(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private String name(String field) {
        return path + field;
    }

    private KeyVaultException missing(String field) {
        return KeyVaultException.badParameter(name(field) + " is required");
    }

    private KeyVaultException wrongType(String field, String expected) {
        return KeyVaultException.badParameter(name(field) + " must be " + expected);
    }

    private static KeyVaultException notOneOf(String name, Set<String> allowed) {
        return KeyVaultException.badParameter(name + " must be one of: " + String.join(", ", allowed));
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
