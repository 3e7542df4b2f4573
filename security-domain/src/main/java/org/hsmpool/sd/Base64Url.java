package org.hsmpool.sd;

import java.util.Base64;
import java.util.regex.Pattern;
import org.hsmpool.sd.SecurityDomainException.Reason;

/**
 * Unpadded base64url that accepts only the one canonical spelling of each byte string. The JDK
 * decoder ignores the unused low bits of the last character, so two spellings decode to the same
 * bytes; refusing the other one is what makes "change any character" always change the bytes.
 */
final class Base64Url {

    private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9_-]*");

    private Base64Url() {
    }

    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean isCanonical(String text) {
        if (text == null || text.length() % 4 == 1 || !ALPHABET.matcher(text).matches()) {
            return false;
        }
        return encode(Base64.getUrlDecoder().decode(text)).equals(text);
    }

    /** Decodes {@code text}, which must be canonical and decode to exactly {@code length} bytes. */
    static byte[] decode(String text, int length, String field, Reason reason) {
        if (!isCanonical(text)) {
            throw new SecurityDomainException(reason, field + " must be unpadded canonical base64url");
        }
        byte[] bytes = Base64.getUrlDecoder().decode(text);
        if (bytes.length != length) {
            throw new SecurityDomainException(reason, field + " must encode " + length
                    + " bytes, got " + bytes.length);
        }
        return bytes;
    }
}
