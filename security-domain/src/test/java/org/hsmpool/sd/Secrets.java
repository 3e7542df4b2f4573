package org.hsmpool.sd;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** The spellings under which a secret could leak into a message: hex (both cases) and both base64s. */
final class Secrets {

    private Secrets() {
    }

    static List<String> encodings(byte[] secret) {
        return List.of(HexFormat.of().formatHex(secret), HexFormat.of().withUpperCase().formatHex(secret),
                Base64.getEncoder().withoutPadding().encodeToString(secret),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }
}
