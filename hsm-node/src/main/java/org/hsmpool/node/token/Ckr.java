package org.hsmpool.node.token;

import java.util.Map;

/**
 * PKCS#11 return values the node decides on. The JDK's own constants moved between 17 and 25, so
 * codes are compared with these (values from the PKCS#11 2.40 specification).
 */
final class Ckr {
    static final long GENERAL_ERROR = 0x05;
    static final long ARGUMENTS_BAD = 0x07;
    static final long ATTRIBUTE_READ_ONLY = 0x10;
    static final long ATTRIBUTE_TYPE_INVALID = 0x12;
    static final long ATTRIBUTE_VALUE_INVALID = 0x13;
    static final long DATA_INVALID = 0x20;
    static final long DATA_LEN_RANGE = 0x21;
    static final long DEVICE_ERROR = 0x30;
    static final long DEVICE_REMOVED = 0x32;
    static final long ENCRYPTED_DATA_INVALID = 0x40;
    static final long ENCRYPTED_DATA_LEN_RANGE = 0x41;
    static final long KEY_HANDLE_INVALID = 0x60;
    static final long KEY_SIZE_RANGE = 0x62;
    static final long KEY_TYPE_INCONSISTENT = 0x63;
    static final long KEY_FUNCTION_NOT_PERMITTED = 0x68;
    static final long KEY_NOT_WRAPPABLE = 0x69;
    static final long KEY_UNEXTRACTABLE = 0x6A;
    static final long MECHANISM_INVALID = 0x70;
    static final long MECHANISM_PARAM_INVALID = 0x71;
    static final long OBJECT_HANDLE_INVALID = 0x82;
    static final long PIN_INCORRECT = 0xA0;
    static final long PIN_LEN_RANGE = 0xA2;
    static final long PIN_LOCKED = 0xA4;
    static final long SESSION_CLOSED = 0xB0;
    static final long SESSION_HANDLE_INVALID = 0xB3;
    static final long SIGNATURE_INVALID = 0xC0;
    static final long SIGNATURE_LEN_RANGE = 0xC1;
    static final long TEMPLATE_INCONSISTENT = 0xD1;
    static final long TOKEN_NOT_PRESENT = 0xE0;
    static final long TOKEN_NOT_RECOGNIZED = 0xE1;
    static final long USER_ALREADY_LOGGED_IN = 0x100;
    static final long USER_NOT_LOGGED_IN = 0x101;
    static final long WRAPPED_KEY_INVALID = 0x110;
    static final long WRAPPED_KEY_LEN_RANGE = 0x112;
    static final long CRYPTOKI_NOT_INITIALIZED = 0x190;

    private static final Map<Long, String> NAMES = Map.ofEntries(
            Map.entry(GENERAL_ERROR, "CKR_GENERAL_ERROR"),
            Map.entry(ARGUMENTS_BAD, "CKR_ARGUMENTS_BAD"),
            Map.entry(ATTRIBUTE_READ_ONLY, "CKR_ATTRIBUTE_READ_ONLY"),
            Map.entry(ATTRIBUTE_TYPE_INVALID, "CKR_ATTRIBUTE_TYPE_INVALID"),
            Map.entry(ATTRIBUTE_VALUE_INVALID, "CKR_ATTRIBUTE_VALUE_INVALID"),
            Map.entry(DATA_INVALID, "CKR_DATA_INVALID"),
            Map.entry(DATA_LEN_RANGE, "CKR_DATA_LEN_RANGE"),
            Map.entry(DEVICE_ERROR, "CKR_DEVICE_ERROR"),
            Map.entry(DEVICE_REMOVED, "CKR_DEVICE_REMOVED"),
            Map.entry(ENCRYPTED_DATA_INVALID, "CKR_ENCRYPTED_DATA_INVALID"),
            Map.entry(ENCRYPTED_DATA_LEN_RANGE, "CKR_ENCRYPTED_DATA_LEN_RANGE"),
            Map.entry(KEY_HANDLE_INVALID, "CKR_KEY_HANDLE_INVALID"),
            Map.entry(KEY_SIZE_RANGE, "CKR_KEY_SIZE_RANGE"),
            Map.entry(KEY_TYPE_INCONSISTENT, "CKR_KEY_TYPE_INCONSISTENT"),
            Map.entry(KEY_FUNCTION_NOT_PERMITTED, "CKR_KEY_FUNCTION_NOT_PERMITTED"),
            Map.entry(KEY_NOT_WRAPPABLE, "CKR_KEY_NOT_WRAPPABLE"),
            Map.entry(KEY_UNEXTRACTABLE, "CKR_KEY_UNEXTRACTABLE"),
            Map.entry(MECHANISM_INVALID, "CKR_MECHANISM_INVALID"),
            Map.entry(MECHANISM_PARAM_INVALID, "CKR_MECHANISM_PARAM_INVALID"),
            Map.entry(OBJECT_HANDLE_INVALID, "CKR_OBJECT_HANDLE_INVALID"),
            Map.entry(PIN_INCORRECT, "CKR_PIN_INCORRECT"),
            Map.entry(PIN_LEN_RANGE, "CKR_PIN_LEN_RANGE"),
            Map.entry(PIN_LOCKED, "CKR_PIN_LOCKED"),
            Map.entry(SESSION_CLOSED, "CKR_SESSION_CLOSED"),
            Map.entry(SESSION_HANDLE_INVALID, "CKR_SESSION_HANDLE_INVALID"),
            Map.entry(SIGNATURE_INVALID, "CKR_SIGNATURE_INVALID"),
            Map.entry(SIGNATURE_LEN_RANGE, "CKR_SIGNATURE_LEN_RANGE"),
            Map.entry(TEMPLATE_INCONSISTENT, "CKR_TEMPLATE_INCONSISTENT"),
            Map.entry(TOKEN_NOT_PRESENT, "CKR_TOKEN_NOT_PRESENT"),
            Map.entry(TOKEN_NOT_RECOGNIZED, "CKR_TOKEN_NOT_RECOGNIZED"),
            Map.entry(USER_ALREADY_LOGGED_IN, "CKR_USER_ALREADY_LOGGED_IN"),
            Map.entry(USER_NOT_LOGGED_IN, "CKR_USER_NOT_LOGGED_IN"),
            Map.entry(WRAPPED_KEY_INVALID, "CKR_WRAPPED_KEY_INVALID"),
            Map.entry(WRAPPED_KEY_LEN_RANGE, "CKR_WRAPPED_KEY_LEN_RANGE"),
            Map.entry(CRYPTOKI_NOT_INITIALIZED, "CKR_CRYPTOKI_NOT_INITIALIZED"));

    private Ckr() {
    }

    static String name(long code) {
        String n = NAMES.get(code);
        return n != null ? n : String.format("CKR_0x%08X", code);
    }

    /** Codes after which the session (or the whole login state) cannot be trusted any more. */
    static boolean isSessionLost(long code) {
        return code == SESSION_HANDLE_INVALID || code == SESSION_CLOSED || code == DEVICE_REMOVED
                || code == TOKEN_NOT_PRESENT || code == DEVICE_ERROR || code == CRYPTOKI_NOT_INITIALIZED
                || code == USER_NOT_LOGGED_IN;
    }

    /** Codes after which a cached object handle may be stale. */
    static boolean isHandleStale(long code) {
        return code == KEY_HANDLE_INVALID || code == OBJECT_HANDLE_INVALID;
    }

    static TokenException.Kind kindOf(long code) {
        if (code == SIGNATURE_INVALID || code == SIGNATURE_LEN_RANGE || code == ENCRYPTED_DATA_INVALID
                || code == WRAPPED_KEY_INVALID) {
            return TokenException.Kind.INTEGRITY;
        }
        if (code == DATA_INVALID || code == DATA_LEN_RANGE || code == ENCRYPTED_DATA_LEN_RANGE
                || code == WRAPPED_KEY_LEN_RANGE || code == MECHANISM_PARAM_INVALID || code == ARGUMENTS_BAD) {
            return TokenException.Kind.BAD_INPUT;
        }
        if (code == KEY_FUNCTION_NOT_PERMITTED || code == KEY_TYPE_INCONSISTENT || code == KEY_NOT_WRAPPABLE
                || code == KEY_UNEXTRACTABLE || code == MECHANISM_INVALID) {
            return TokenException.Kind.KEY_USAGE;
        }
        if (code == PIN_INCORRECT || code == PIN_LOCKED || code == PIN_LEN_RANGE) {
            return TokenException.Kind.LOGIN_FAILED;
        }
        if (isSessionLost(code) || code == TOKEN_NOT_RECOGNIZED) {
            return TokenException.Kind.UNAVAILABLE;
        }
        return TokenException.Kind.TOKEN;
    }
}
