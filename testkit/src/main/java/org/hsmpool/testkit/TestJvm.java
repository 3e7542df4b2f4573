package org.hsmpool.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JVM options for the node and manager processes that tests start. By default the JIT stops at C1
 * and the serial collector is used: a test pool's processes live for seconds, most of their CPU is
 * start-up, and several of them start at once on two cores, so this roughly halves a node's start.
 * Benchmarks never use it (they start pools through the cli with production settings). Override
 * with {@code -Dhsmpool.test.jvm-options="..."} (an empty value gives the JVM's defaults).
 *
 * <p>{@link #launch(Path)} adds a class-data-sharing archive per application jar: the first process of
 * a jar in this test JVM writes one when it exits ({@code -XX:ArchiveClassesAtExit}, to a temporary
 * file that is moved into place only after the process has ended, so that no JVM maps a half-written
 * archive), and the processes started after that map it, which takes about a third off a node's
 * start (2.4 s to 1.6 s measured alone, three at once 5.6-7.7 s to 4.5-4.8 s). An archive older than
 * the jar is deleted and written again. {@code -Dhsmpool.test.cds=false} turns it off.
 */
public final class TestJvm {

    static final String DEFAULT = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    /** Next to the application's quarkus-run.jar; the cli's and the benchmark's tests map it too (their poms). */
    static final String ARCHIVE = "test-cds.jsa";
    /** Archives being written by a live process of this JVM. */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    private TestJvm() {
    }

    /**
     * The JVM's own JIT (C1 then C2) with the serial collector: for a manager whose test spends its time in
     * PBKDF2 (600,000 rounds per client secret), which runs several times slower in C1-only code.
     */
    public static List<String> fullJit() {
        return List.of("-XX:+UseSerialGC");
    }

    public static List<String> options() {
        String configured = System.getProperty("hsmpool.test.jvm-options", DEFAULT).trim();
        return configured.isEmpty() ? List.of() : Arrays.asList(configured.split("\\s+"));
    }

    /** {@link #options()} and the class-data-sharing archive of {@code jar}; call {@link Launch#started} with the process. */
    public static Launch launch(Path jar) {
        return launch(jar, options());
    }

    /** {@code base} and the class-data-sharing archive of {@code jar}. */
    public static Launch launch(Path jar, List<String> base) {
        List<String> options = new ArrayList<>(base);
        if (!Boolean.parseBoolean(System.getProperty("hsmpool.test.cds", "true")) || !Files.isRegularFile(jar)) {
            return new Launch(options, null, null);
        }
        // the JVM refuses an archive whose jars changed, and quiet: no warning in the process's log either way
        options.add("-Xlog:cds=error");
        options.add("-Xlog:cds+dynamic=error");
        Path archive = jar.toAbsolutePath().normalize().resolveSibling(ARCHIVE);
        try {
            if (Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) < 0) {
                Files.deleteIfExists(archive); // the application was rebuilt after it
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (Files.isRegularFile(archive)) {
            options.add("-XX:SharedArchiveFile=" + archive);
            return new Launch(options, null, null);
        }
        if (!WRITING.add(archive)) {
            return new Launch(options, null, null);
        }
        Path partial = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        options.add("-XX:ArchiveClassesAtExit=" + partial);
        return new Launch(options, partial, archive);
    }

    /** The options of one process start, and where its archive goes once the process has ended. */
    public static final class Launch {
        private final List<String> options;
        private final Path partial;
        private final Path archive;

        private Launch(List<String> options, Path partial, Path archive) {
            this.options = List.copyOf(options);
            this.partial = partial;
            this.archive = archive;
        }

        public List<String> options() {
            return options;
        }

        /** The process started with {@link #options()}: once it has ended, its archive (if any) is put in place. */
        public void started(Process process) {
            if (archive != null) {
                process.onExit().thenRun(this::ended);
            }
        }

        private void ended() {
            try {
                // a process killed with SIGKILL wrote nothing (or a part): the next start writes one
                if (Files.isRegularFile(partial) && Files.size(partial) > 0) {
                    Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                System.err.println("TestJvm: the class-data-sharing archive " + archive + " was not kept: " + e);
            } finally {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // a stray partial file in target/ is harmless
                }
                WRITING.remove(archive);
            }
        }
    }
}
