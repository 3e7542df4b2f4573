package org.hsmpool.pool.api;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonMappingException;

import jakarta.validation.Path;

/**
 * The path of a member in a request body as the client wrote it ({@code attributes.nbf},
 * {@code key_ops[1]}, {@code lifetimeActions[0].trigger}), from Jackson's path or Bean Validation's,
 * and the type the request record declares for it: so that a refusal names the member by its wire
 * name and says what it must be.
 */
final class WirePath {
    private WirePath() {
    }

    /**
     * What a request record declares at a path: the raw type, the element type of a list, and whether
     * the member is a value of a map (tags), named by {@code container}.
     */
    record Declared(Class<?> type, Class<?> element, boolean inMap, String container, String expected) {
    }

    /** Jackson's path as the wire names it. */
    static String of(List<JsonMappingException.Reference> path) {
        StringBuilder name = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null) {
                name.append(name.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                name.append('[').append(step.getIndex()).append(']');
            }
        }
        return name.toString();
    }

    /** The declared type at Jackson's path inside {@code root}; null when the path leaves the records. */
    static Declared declared(Class<?> root, List<JsonMappingException.Reference> path) {
        Type at = root;
        RecordComponent last = null;
        boolean inMap = false;
        StringBuilder container = new StringBuilder();
        StringBuilder walked = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            Class<?> raw = raw(at);
            container.setLength(0);
            container.append(walked);
            inMap = false;
            last = null;
            if (step.getFieldName() != null && raw != null && raw.isRecord()) {
                RecordComponent component = byWireName(raw, step.getFieldName());
                if (component == null) {
                    return null;
                }
                at = component.getGenericType();
                last = component;
                walked.append(walked.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getFieldName() != null && raw != null && Map.class.isAssignableFrom(raw)) {
                at = argument(at, 1);
                inMap = true;
                walked.append('.').append(step.getFieldName());
            } else if (step.getIndex() >= 0 && raw != null && List.class.isAssignableFrom(raw)) {
                at = argument(at, 0);
                walked.append('[').append(step.getIndex()).append(']');
            } else {
                return null;
            }
        }
        Class<?> type = raw(at);
        if (type == null) {
            return null;
        }
        Class<?> element = List.class.isAssignableFrom(type) ? raw(argument(at, 0)) : null;
        Expected expected = last == null ? null : last.getAnnotation(Expected.class);
        return new Declared(type, element, inMap, container.toString(), expected == null ? null : expected.value());
    }

    /** Bean Validation's property path inside {@code root}, with wire names ({@code keySize} is {@code key_size}). */
    static String of(Class<?> root, Path path) {
        StringBuilder name = new StringBuilder();
        Type at = root;
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                Class<?> raw = raw(at);
                if (raw != null && List.class.isAssignableFrom(raw)) {
                    at = argument(at, 0);
                    name.append('[').append(node.getIndex()).append(']');
                } else if (raw != null && Map.class.isAssignableFrom(raw)) {
                    at = argument(at, 1);
                    name.append('.').append(node.getKey());
                }
            }
            if (node.getName() == null || node.getKind() == jakarta.validation.ElementKind.CONTAINER_ELEMENT
                    || node.getKind() == jakarta.validation.ElementKind.BEAN) {
                continue;
            }
            Class<?> raw = raw(at);
            RecordComponent component = raw != null && raw.isRecord() ? byJavaName(raw, node.getName()) : null;
            if (component == null && raw != null && raw.isRecord()) {
                continue; // a check of the whole record (an @AssertTrue method): its message speaks of the record
            }
            String wire = component == null ? node.getName() : wireName(component);
            name.append(name.isEmpty() ? "" : ".").append(wire);
            at = component == null ? null : component.getGenericType();
        }
        return name.toString();
    }

    static String wireName(RecordComponent component) {
        JsonProperty property = component.getAnnotation(JsonProperty.class);
        if (property == null) {
            property = annotationOfField(component);
        }
        return property != null && !property.value().isEmpty() ? property.value() : component.getName();
    }

    private static JsonProperty annotationOfField(RecordComponent component) {
        try {
            return component.getDeclaringRecord().getDeclaredField(component.getName()).getAnnotation(JsonProperty.class);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static RecordComponent byWireName(Class<?> record, String wire) {
        for (RecordComponent c : record.getRecordComponents()) {
            if (wireName(c).equals(wire)) {
                return c;
            }
        }
        return null;
    }

    private static RecordComponent byJavaName(Class<?> record, String name) {
        for (RecordComponent c : record.getRecordComponents()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static Type argument(Type type, int index) {
        return type instanceof ParameterizedType p && p.getActualTypeArguments().length > index
                ? p.getActualTypeArguments()[index] : Object.class;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }
}
