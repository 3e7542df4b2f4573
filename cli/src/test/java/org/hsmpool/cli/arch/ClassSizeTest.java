package org.hsmpool.cli.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No class of any module's {@code src/main} is over 400 lines (issue 19: a newcomer reads the large ones
 * first). It reads the whole repository from here because the cli is built last of the modules with code.
 */
class ClassSizeTest {
    private static final int LIMIT = 400;
    private static final Path REPOSITORY = Path.of(System.getProperty("hsmpool.home", "..")).toAbsolutePath().normalize();

    @Test
    void noMainClassOfAnyModuleIsOver400Lines() throws IOException {
        List<String> over;
        try (Stream<Path> files = Files.walk(REPOSITORY, 12)) {
            over = files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/")
                    && !f.toString().contains("/target/")).filter(f -> lines(f) > LIMIT)
                    .map(f -> REPOSITORY.relativize(f) + " (" + lines(f) + " lines)").toList();
        }
        assertThat(over).as("classes over " + LIMIT + " lines").isEmpty();
    }

    @Test
    void theScanSeesEveryModule() throws IOException {
        for (String module : List.of("security-domain", "node-api", "hsm-node", "pool-manager", "cli", "bench")) {
            assertThat(REPOSITORY.resolve(module).resolve("src/main/java")).as(module).isDirectory();
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
