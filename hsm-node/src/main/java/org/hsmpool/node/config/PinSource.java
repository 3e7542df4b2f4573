package org.hsmpool.node.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The user PIN from a file (first line) or the environment; never from a property. */
final class PinSource {
    private PinSource() {
    }

    static char[] read(Optional<Path> file, String envName) {
        if (file.isPresent()) {
            try {
                String content = Files.readString(file.get(), StandardCharsets.UTF_8);
                String first = content.lines().findFirst().orElse("").trim();
                if (first.isEmpty()) {
                    throw new IllegalStateException("the PIN file " + file.get() + " is empty");
                }
                return first.toCharArray();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the PIN file " + file.get() + ": " + e.getMessage(), e);
            }
        }
        String env = System.getenv(envName);
        if (env == null || env.isEmpty()) {
            throw new IllegalStateException("no user PIN: set hsmpool.node.token.pin-file or the environment variable "
                    + envName);
        }
        return env.toCharArray();
    }
}
