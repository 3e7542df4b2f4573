package org.hsmpool.pool.store;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Checks of what callers hand the store. The store re-checks what the API layer already checked
 * because SQLite would silently keep a value that PostgreSQL refuses (it does not enforce
 * {@code VARCHAR(n)}); checking here makes both backends behave the same.
 */
final class Arguments {
    static final int MAX_PAGE = 25;
    static final int MAX_LOG_READ = 1000;
    static final int MAX_TAGS = 15;
    static final int MAX_TEXT = 4096;
    static final int MAX_JSON = 65536;
    static final int MAX_BLOB = 65536;

    private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");
    /** A client key name, or an internal one ({@link PoolStore#INTERNAL_KEY_PREFIX} and then a client name). */
    private static final Pattern KEY_NAME = Pattern.compile("\\$?[0-9a-zA-Z-]{1,126}|[0-9a-zA-Z-]{127}");
    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private Arguments() {
    }

    static <T> T present(T value, String what) {
        if (value == null) {
            throw StoreException.invalid(what + " is missing");
        }
        return value;
    }

    static String hex32(String value, String what) {
        if (value == null || !HEX32.matcher(value).matches()) {
            throw StoreException.invalid(what + " must be 32 lowercase hex characters");
        }
        return value;
    }

    static String keyName(String value) {
        if (value == null || !KEY_NAME.matcher(value).matches()) {
            throw StoreException.invalid("a key name is 1 to 127 characters of 0-9, a-z, A-Z and '-' (internal "
                    + "names start with " + PoolStore.INTERNAL_KEY_PREFIX + ")");
        }
        return value;
    }

    static String guid(String value, String what) {
        if (value == null || !GUID.matcher(value).matches()) {
            throw StoreException.invalid(what + " must be a GUID");
        }
        return value;
    }

    static String sha256Hex(String value, String what) {
        if (value == null || !SHA256_HEX.matcher(value).matches()) {
            throw StoreException.invalid(what + " must be 64 lowercase hex characters");
        }
        return value;
    }

    /** Non-blank text of at most {@code max} characters. */
    static String text(String value, String what, int max) {
        if (value == null || value.isBlank()) {
            throw StoreException.invalid(what + " is missing");
        }
        if (value.length() > max) {
            throw StoreException.invalid(what + " is longer than " + max + " characters");
        }
        return value;
    }

    /** Like {@link #text} but null is allowed. */
    static String optionalText(String value, String what, int max) {
        return value == null ? null : text(value, what, max);
    }

    /** An RBAC scope as the store keeps it: "/" or a path that starts with "/". */
    static String scope(String value) {
        text(value, "a scope", 1024);
        if (!value.startsWith("/")) {
            throw StoreException.invalid("a scope starts with '/'");
        }
        return value;
    }

    static byte[] bytes(byte[] value, String what, int max) {
        present(value, what);
        if (value.length > max) {
            throw StoreException.invalid(what + " is longer than " + max + " bytes");
        }
        return value.clone();
    }

    static int pageSize(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw StoreException.invalid("a page holds 1 to " + MAX_PAGE + " items");
        }
        return limit;
    }

    static int logReadSize(int limit) {
        if (limit < 1 || limit > MAX_LOG_READ) {
            throw StoreException.invalid("a log read returns 1 to " + MAX_LOG_READ + " entries");
        }
        return limit;
    }

    static long position(long value, String what) {
        if (value < 0) {
            throw StoreException.invalid(what + " must not be negative");
        }
        return value;
    }

    /** The store keeps times to the millisecond; values are truncated on the way in. */
    static Instant millis(Instant value) {
        return value == null ? null : Instant.ofEpochMilli(value.toEpochMilli());
    }

    static Instant time(Instant value, String what) {
        return millis(present(value, what));
    }
}
