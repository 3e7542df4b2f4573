package org.hsmpool.nodeapi.provision;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code softhsm2-util --init-token} with its PINs typed on a pseudo-terminal. softhsm2-util 2.6
 * asks for a PIN it was not given on its command line with tcgetattr on standard input, which fails
 * on a pipe; script(1) runs it on a terminal of its own and copies our standard input to it. The
 * terminal echoes what arrives before softhsm2-util turns echo off, so the output holds the PINs and
 * only its error lines, minus any PIN, are ever reported.
 */
final class TokenInitialisation {
    static final String LABEL_VARIABLE = "HSMPOOL_TOKEN_LABEL";
    /** The label comes from the environment, so no label can inject shell syntax. */
    static final List<String> COMMAND = List.of("script", "--quiet", "--return", "--command",
            "exec softhsm2-util --init-token --free --label \"$" + LABEL_VARIABLE + "\"", "/dev/null");

    private static final int MIN_PIN = 4;
    private static final int MAX_PIN = 255;

    private TokenInitialisation() {
    }

    /** What a person would type: the SO PIN twice, then the user PIN twice, one line each. */
    static byte[] typedPins(char[] soPin, char[] userPin) {
        check(soPin, "SO PIN");
        check(userPin, "user PIN");
        CharBuffer typed = CharBuffer.allocate(2 * (soPin.length + userPin.length) + 4);
        for (char[] pin : List.of(soPin, soPin, userPin, userPin)) {
            typed.put(pin).put('\n');
        }
        typed.flip();
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(typed);
        Arrays.fill(typed.array(), '\0');
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        Arrays.fill(bytes.array(), (byte) 0);
        return out;
    }

    static void run(ProcessBuilder pb, byte[] typed, List<char[]> pins) throws IOException {
        SoftHsmProcess.Result r = SoftHsmProcess.run(pb, typed, "softhsm2-util --init-token");
        if (r.exitValue() != 0) {
            throw new IOException("softhsm2-util --init-token failed (exit " + r.exitValue() + "): "
                    + errorLines(r.output(), pins));
        }
    }

    private static String errorLines(String out, List<char[]> pins) {
        return out.lines().map(String::trim).filter(l -> l.startsWith("ERROR") || l.startsWith("CKR_"))
                .filter(l -> pins.stream().noneMatch(pin -> l.contains(new String(pin))))
                .collect(Collectors.joining("; "));
    }

    private static void check(char[] pin, String what) {
        if (pin.length < MIN_PIN || pin.length > MAX_PIN) {
            throw new IllegalArgumentException("the " + what + " must have " + MIN_PIN + " to " + MAX_PIN
                    + " characters");
        }
        for (char c : pin) {
            if (c == '\n' || c == '\r' || Character.isISOControl(c)) {
                throw new IllegalArgumentException("the " + what + " must not hold control characters");
            }
        }
    }
}
