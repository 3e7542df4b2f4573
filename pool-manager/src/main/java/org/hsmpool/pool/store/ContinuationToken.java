package org.hsmpool.pool.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page tokens. A token names its listing and the position after which the next page
 * starts (a key name or a sequence number), so it stays valid while rows are added or removed
 * and cannot be replayed against another listing.
 */
final class ContinuationToken {
    private static final int MAX_LENGTH = 512;

    private ContinuationToken() {
    }

    static String encode(String listing, String position) {
        byte[] text = (listing + ":" + position).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text);
    }

    /** The position in {@code token}, or null for the first page (a null token). */
    static String decode(String listing, String token) {
        if (token == null) {
            return null;
        }
        String prefix = listing + ":";
        try {
            if (token.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!text.startsWith(prefix) || text.length() == prefix.length()) {
                throw new IllegalArgumentException("another listing");
            }
            return text.substring(prefix.length());
        } catch (IllegalArgumentException e) {
            throw StoreException.invalid("the continuation token is not valid for this listing");
        }
    }

    static long decodeSeq(String listing, String token) {
        String position = decode(listing, token);
        if (position == null) {
            return 0;
        }
        try {
            return Arguments.position(Long.parseLong(position), "a continuation position");
        } catch (NumberFormatException e) {
            throw StoreException.invalid("the continuation token is not valid for this listing");
        }
    }
}
