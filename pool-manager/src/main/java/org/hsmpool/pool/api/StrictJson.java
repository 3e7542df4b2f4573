package org.hsmpool.pool.api;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;


import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Jackson set up to read request bodies as Key Vault's schema has them, refusing instead of
 * coercing: a duplicate member, trailing data, a string where a number or boolean belongs (and the
 * reverse), {@code 2048.0} or {@code 2048.5} for a whole number, a number for an enumeration, a
 * scalar for an array or an empty string for an object; constants only in their exact spelling. A
 * JSON {@code null} member is an absent one (a null inside an array or tags is refused); members
 * this pool does not use are ignored, as Key Vault ignores them.
 *
 * <p>
 * {@link #refusal} turns what Jackson throws into the BadParameter the client sees, naming the
 * member with its path ({@code attributes.nbf}, {@code key_ops[1]}) and what it must be, never what
 * was sent (Jackson's own messages quote the input, so they are never shown).
 */
final class StrictJson {
    /** Unix seconds of 9999-12-31T23:59:59Z, the last instant a Key Vault date may name. */
    static final long MAX_UNIX_SECONDS = 253_402_300_799L;
    /** What a Unix time of the wire is ({@link Expected} of the records' times). */
    static final String UNIX_TIME_IS = "whole seconds since 1970-01-01T00:00:00Z (up to year 9999)";
    static final String UNIX_TIME = "must be " + UNIX_TIME_IS;

    static final ObjectMapper MAPPER = mapper();

    private StrictJson() {
    }

    private static ObjectMapper mapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .withConfigOverride(List.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
                .withConfigOverride(Map.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
                .build();
        // every shape that is not the target's own is refused, for every kind of target
        for (CoercionInputShape shape : CoercionInputShape.values()) {
            mapper.coercionConfigDefaults().setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigDefaults().setAcceptBlankAsEmpty(false);
        return mapper;
    }

    /** The BadParameter for a body Jackson could not read into {@code root}. */
    static KeyVaultException refusal(IOException e, Class<?> root) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String path = WirePath.of(unknown.getPath().subList(0, unknown.getPath().size() - 1));
            return KeyVaultException.badParameter((path.isEmpty() ? "the request body" : path)
                    + " has a member this API does not know; its members are: " + unknown.getKnownPropertyIds()
                            .stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
        }
        if (e instanceof JsonMappingException mapping && !isSyntax(mapping)) {
            String path = WirePath.of(mapping.getPath());
            if (path.isEmpty()) {
                return KeyVaultException.badParameter("the request body must be a JSON object");
            }
            return KeyVaultException.badParameter(message(mapping, path, WirePath.declared(root, mapping.getPath())));
        }
        if (e instanceof JsonProcessingException json && !(json instanceof InputCoercionException)) {
            return KeyVaultException.badParameter("the request body is not valid JSON" + where(syntaxLocation(json)));
        }
        return KeyVaultException.badParameter("the request body is not valid JSON");
    }

    private static String message(JsonMappingException e, String path, WirePath.Declared declared) {
        if (declared == null) {
            return path + " has the wrong JSON type or value";
        }
        if (declared.inMap() && declared.type() == String.class) {
            return "every member of " + declared.container() + " must be a string";
        }
        Class<?> type = declared.type();
        String sent = e instanceof InvalidFormatException format && format.getValue() instanceof String s ? s : null;
        if (Vocabulary.Wire.class.isAssignableFrom(type) && sent != null) {
            return path + " must be one of: " + Arrays.stream(type.getEnumConstants())
                    .map(c -> ((Vocabulary.Wire) c).wire()).collect(Collectors.joining(", "));
        }
        if (type == byte[].class && sent != null) {
            return path + Base64Url.MUST_BE;
        }
        return path + " must be " + expected(declared);
    }

    private static String expected(WirePath.Declared declared) {
        if (declared.expected() != null) {
            return declared.expected();
        }
        Class<?> type = declared.type();
        if (type == String.class || type == byte[].class || type.isEnum()) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type)) {
            Class<?> element = declared.element();
            return element != null && element.isRecord() ? "an array of objects" : "an array of strings";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object of string values";
        }
        return "an object";
    }

    /** A syntax error (or a limit of the parser) that Jackson wrapped while it was reading a member. */
    private static boolean isSyntax(JsonMappingException e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof JsonProcessingException && !(t instanceof JsonMappingException)
                    && !(t instanceof InputCoercionException)) {
                return true;
            }
        }
        return false;
    }

    private static JsonLocation syntaxLocation(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        for (Throwable t = e.getCause(); location == null && t instanceof JsonProcessingException json;
                t = t.getCause()) {
            location = json.getLocation();
        }
        return location;
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
