package org.hsmpool.node.token;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a token: the PKCS#11 library, the token label (the slot is resolved from it at
 * start-up, since slot ids change when tokens are added), the user PIN, and the session pool
 * bounds. The PIN array is owned by the caller, who may clear it after {@link Pkcs11Token#open}.
 */
public record TokenConfig(String library, String tokenLabel, char[] userPin, int maxSessions,
        Duration borrowTimeout, int maxLoginAttempts) {

    public TokenConfig {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(tokenLabel, "tokenLabel");
        Objects.requireNonNull(userPin, "userPin");
        if (tokenLabel.isEmpty() || tokenLabel.length() > 32) {
            throw new IllegalArgumentException("token label must be 1..32 characters");
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1");
        }
        if (maxLoginAttempts < 1) {
            throw new IllegalArgumentException("maxLoginAttempts must be at least 1");
        }
    }

    public static TokenConfig of(String library, String tokenLabel, char[] userPin) {
        return new TokenConfig(library, tokenLabel, userPin, 8, Duration.ofSeconds(5), 3);
    }

    @Override
    public String toString() {
        return "TokenConfig[library=" + library + ", tokenLabel=" + tokenLabel + ", maxSessions=" + maxSessions
                + "]";
    }
}
