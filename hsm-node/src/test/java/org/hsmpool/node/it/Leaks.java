package org.hsmpool.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.google.protobuf.ByteString;
import com.google.protobuf.TextFormat;

/**
 * The spellings under which secret bytes could reach a log, a file or a message: hex in both
 * cases, base64 and base64url with and without padding, Java's {@code Arrays.toString} and
 * protobuf's text escaping (what a logged message would show).
 */
final class Leaks {
    private Leaks() {
    }

    static List<String> spellings(byte[] secret) {
        List<String> out = new ArrayList<>(List.of(HexFormat.of().formatHex(secret),
                HexFormat.of().withUpperCase().formatHex(secret),
                Base64.getEncoder().encodeToString(secret),
                Base64.getEncoder().withoutPadding().encodeToString(secret),
                Base64.getUrlEncoder().encodeToString(secret),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                Arrays.toString(secret),
                TextFormat.escapeBytes(ByteString.copyFrom(secret))));
        return out;
    }

    /** The first spelling of a secret found in {@code text}, named by the secret's position. */
    static Optional<String> find(String text, List<byte[]> secrets) {
        for (int i = 0; i < secrets.size(); i++) {
            for (String spelling : spellings(secrets.get(i))) {
                if (text.contains(spelling)) {
                    return Optional.of("secret #" + i + " as " + spelling);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether {@code data} holds any secret's raw bytes. */
    static Optional<String> findRaw(byte[] data, List<byte[]> secrets) {
        for (int i = 0; i < secrets.size(); i++) {
            if (org.hsmpool.node.testing.Bytes.indexOf(data, secrets.get(i)) >= 0) {
                return Optional.of("secret #" + i + " in raw bytes");
            }
        }
        return Optional.empty();
    }

    static void assertNoneIn(String text, List<byte[]> secrets) {
        assertThat(find(text, secrets)).as("a secret in: %s", text).isEmpty();
    }
}
