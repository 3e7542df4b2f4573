package org.hsmpool.pool.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretHashTest {

    @Test
    void aSecretMatchesItsHashOnlyAndTheHashHoldsNoSecret() {
        String secret = SecretHash.newSecret();
        String stored = SecretHash.hash(secret, 1000);
        assertThat(stored).startsWith("pbkdf2-sha256$1000$").doesNotContain(secret);
        assertThat(SecretHash.matches(secret, stored)).isTrue();
        assertThat(SecretHash.matches(secret + "x", stored)).isFalse();
        assertThat(SecretHash.matches(SecretHash.newSecret(), stored)).isFalse();
    }

    @Test
    void theSameSecretHashesDifferentlyEachTime() {
        String secret = SecretHash.newSecret();
        assertThat(SecretHash.hash(secret, 1000)).isNotEqualTo(SecretHash.hash(secret, 1000));
    }

    @Test
    void theDefaultIsAHighIterationCount() {
        assertThat(SecretHash.ITERATIONS).isGreaterThanOrEqualTo(600_000);
        assertThat(SecretHash.hash("s")).startsWith("pbkdf2-sha256$" + SecretHash.ITERATIONS + "$");
    }

    @Test
    void malformedStoredValuesMatchNothing() {
        assertThat(SecretHash.matches("s", null)).isFalse();
        assertThat(SecretHash.matches("s", "plain-text")).isFalse();
        assertThat(SecretHash.matches("s", "pbkdf2-sha256$x$AA$AA")).isFalse();
        assertThat(SecretHash.matches("s", "pbkdf2-sha256$0$AA$AA")).isFalse();
        assertThat(SecretHash.matches("s", "md5$1$AA$AA")).isFalse();
    }
}
