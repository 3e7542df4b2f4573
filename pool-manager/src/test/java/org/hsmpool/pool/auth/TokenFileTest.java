package org.hsmpool.pool.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
    private static final String FIRST = "first-token-0123456789abcdef";
    private static final String SECOND = "second-token-0123456789abcdef";

    @TempDir
    Path dir;

    private Path write(String text, Instant modified) throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @Test
    void theFileIsReadAgainWhenItChanges() throws Exception {
        Path file = write("app " + FIRST + "\n", Instant.parse("2024-01-01T00:00:00Z"));
        TokenFile tokens = new TokenFile(Optional.of(file), Duration.ZERO);
        assertThat(tokens.authenticate(FIRST)).contains(new Principal("app"));
        assertThat(tokens.authenticate(SECOND)).isEmpty();

        write("app " + SECOND + "\n", Instant.parse("2024-01-01T00:00:05Z"));
        assertThat(tokens.authenticate(SECOND)).contains(new Principal("app"));
        assertThat(tokens.authenticate(FIRST)).as("a removed token no longer works").isEmpty();
    }

    @Test
    void betweenChecksTheFileIsNotLookedAt() throws Exception {
        Path file = write("app " + FIRST + "\n", Instant.parse("2024-01-01T00:00:00Z"));
        TokenFile tokens = new TokenFile(Optional.of(file), Duration.ofHours(1));
        assertThat(tokens.authenticate(FIRST)).isPresent();
        write("app " + SECOND + "\n", Instant.parse("2024-01-01T00:00:05Z"));
        assertThat(tokens.authenticate(SECOND)).isEmpty();
        assertThat(tokens.authenticate(FIRST)).isPresent();
    }

    @Test
    void aMissingFileAcceptsNothingUntilItAppears() throws Exception {
        Path file = dir.resolve("tokens");
        TokenFile tokens = new TokenFile(Optional.of(file), Duration.ZERO);
        assertThat(tokens.authenticate(FIRST)).isEmpty();
        write("app " + FIRST + "\n", Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(tokens.authenticate(FIRST)).isPresent();
        Files.delete(file);
        assertThat(tokens.authenticate(FIRST)).as("deleting the file revokes every token").isEmpty();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void withoutAConfiguredFileNothingIsAccepted() {
        TokenFile tokens = new TokenFile(Optional.empty(), Duration.ZERO);
        assertThat(tokens.authenticate(FIRST)).isEmpty();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aDirectoryInsteadOfAFileAcceptsNothing() throws Exception {
        TokenFile tokens = new TokenFile(Optional.of(dir), Duration.ZERO);
        assertThat(tokens.authenticate(FIRST)).isEmpty();
    }
}
