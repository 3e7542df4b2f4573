package org.hsmpool.node.token;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The name of a key object in the token, stored as both CKA_ID and CKA_LABEL (UTF-8). Application
 * key versions use their 32-hex version id; the node's own keys use {@code hsmpool.*} names.
 */
public record ObjectId(String value) {
    private static final Pattern ALLOWED = Pattern.compile("[0-9A-Za-z._:-]{1,64}");

    public ObjectId {
        if (value == null || !ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException("object id must match " + ALLOWED.pattern());
        }
    }

    public static ObjectId of(String value) {
        return new ObjectId(value);
    }

    public byte[] bytes() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return value;
    }
}
