package org.hsmpool.pool.api;

import java.util.Base64;


/**
 * Binary values on the wire: base64url without padding (RFC 4648 §5), read strictly. Padding,
 * whitespace, characters of the other alphabet, impossible lengths and non-zero unused bits are all
 * refused, so that one byte string has exactly one accepted spelling.
 */
final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * @param field the JSON field, named in the error
     * @throws KeyVaultException BadParameter when {@code text} is not canonical unpadded base64url
     */
    static byte[] decode(String field, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphabet = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
                    || c == '_';
            if (!alphabet) {
                throw invalid(field);
            }
        }
        if (text.length() % 4 == 1) {
            throw invalid(field);
        }
        byte[] bytes = DECODER.decode(text);
        if (!ENCODER.encodeToString(bytes).equals(text)) {
            throw invalid(field);
        }
        return bytes;
    }

    private static KeyVaultException invalid(String field) {
        return KeyVaultException.badParameter(field + " must be base64url without padding (A-Z a-z 0-9 - _)");
    }
}
