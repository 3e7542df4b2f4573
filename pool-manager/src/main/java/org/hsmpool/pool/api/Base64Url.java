package org.hsmpool.pool.api;

import java.io.IOException;
import java.util.Base64;


import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;

/**
 * Binary values on the wire: base64url without padding (RFC 4648 §5), read strictly. Padding,
 * whitespace, characters of the other alphabet, impossible lengths and non-zero unused bits are all
 * refused, so that one byte string has exactly one accepted spelling. Request records declare their
 * binary members {@code @JsonDeserialize(using = Base64Url.Reader.class) byte[]}.
 */
final class Base64Url {
    static final String MUST_BE = " must be base64url without padding (A-Z a-z 0-9 - _)";
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
        byte[] bytes = decodeOrNull(text);
        if (bytes == null) {
            throw KeyVaultException.badParameter(field + MUST_BE);
        }
        return bytes;
    }

    /** The bytes, or null when {@code text} is not canonical unpadded base64url. */
    private static byte[] decodeOrNull(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphabet = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
                    || c == '_';
            if (!alphabet) {
                return null;
            }
        }
        if (text.length() % 4 == 1) {
            return null;
        }
        byte[] bytes = DECODER.decode(text);
        return ENCODER.encodeToString(bytes).equals(text) ? bytes : null;
    }

    /** Jackson's reader of a binary member: a JSON string of strict base64url, nothing else. */
    static final class Reader extends JsonDeserializer<byte[]> {
        @Override
        public byte[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (byte[]) ctxt.handleUnexpectedToken(byte[].class, p);
            }
            String text = p.getText();
            byte[] bytes = decodeOrNull(text);
            if (bytes == null) {
                throw ctxt.weirdStringException(text, byte[].class, "not base64url without padding");
            }
            return bytes;
        }
    }
}
