package org.hsmpool.pool.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The answer of sign, encrypt, decrypt, wrapkey and unwrapkey (KeyOperationResult): the {@code kid}
 * of the version that did it and the result in {@code value}; encrypt with an AES algorithm adds
 * {@code iv}, {@code tag} and the {@code aad} it authenticated. All binary members are base64url.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "kid", "value", "iv", "tag", "aad" })
public record KeyOperationResult(String kid, String value, String iv, String tag, String aad) {

    static KeyOperationResult of(String kid, byte[] value) {
        return new KeyOperationResult(kid, Base64Url.encode(value), null, null, null);
    }

    /** Empty or absent iv, tag and aad are left out. */
    static KeyOperationResult encrypted(String kid, byte[] ciphertext, byte[] iv, byte[] tag, byte[] aad) {
        return new KeyOperationResult(kid, Base64Url.encode(ciphertext), optional(iv), optional(tag), optional(aad));
    }

    private static String optional(byte[] bytes) {
        return bytes == null || bytes.length == 0 ? null : Base64Url.encode(bytes);
    }
}
