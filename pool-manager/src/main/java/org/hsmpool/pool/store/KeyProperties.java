package org.hsmpool.pool.store;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part of a key version that may change after creation. The store keeps what it is given:
 * merging a PATCH with the current values (an empty {@code key_ops} means unchanged) is the
 * caller's rule, not the store's.
 *
 * @param notBefore null when not set
 * @param expires null when not set
 * @param keyOps the JWK operations in the order given
 * @param tags at most 15, kept sorted by name
 */
public record KeyProperties(boolean enabled, Instant notBefore, Instant expires, List<String> keyOps,
        Map<String, String> tags) {

    public static final int MAX_TAG_NAME = 512;
    public static final int MAX_TAG_VALUE = 256;

    public KeyProperties {
        notBefore = Arguments.millis(notBefore);
        expires = Arguments.millis(expires);
        keyOps = List.copyOf(Arguments.present(keyOps, "the key operations"));
        keyOps.forEach(op -> Arguments.text(op, "a key operation", 32));
        if (keyOps.stream().distinct().count() != keyOps.size()) {
            throw StoreException.invalid("a key operation is given twice");
        }
        Arguments.present(tags, "the tags");
        if (tags.size() > Arguments.MAX_TAGS) {
            throw StoreException.invalid("a key version has at most " + Arguments.MAX_TAGS + " tags");
        }
        var sorted = new TreeMap<String, String>();
        tags.forEach((name, value) -> {
            Arguments.text(name, "a tag name", MAX_TAG_NAME);
            if (value == null || value.length() > MAX_TAG_VALUE) {
                throw StoreException.invalid("a tag value is at most " + MAX_TAG_VALUE + " characters");
            }
            sorted.put(name, value);
        });
        tags = Collections.unmodifiableMap(sorted);
    }
}
