package org.hsmpool.pool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost when the process is killed: a child JVM appends key versions and
 * prints each acknowledged sequence number; the test kills it with SIGKILL at a random point,
 * reopens the file and finds every acknowledged entry and its version, with no gap in the log.
 * Three rounds on the same file, so later rounds also recover from the earlier kills.
 */
class CrashDurabilityTest {
    private static final int ROUNDS = 3;

    /** One acknowledged append as the child printed it. */
    private record Ack(long seq, String name, String versionId) {
    }

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedAppendSurvivesSigkillOfTheWriter() throws Exception {
        Path file = dir.resolve("pool.db");
        var acks = new ArrayList<Ack>();
        for (int round = 1; round <= ROUNDS; round++) {
            int wanted = 200 + ThreadLocalRandom.current().nextInt(200);
            acks.addAll(runAndKill(file, "round" + round, wanted));

            PoolStore reopened = SqliteFile.open(file);
            assertEveryAckIsStored(reopened, acks);
            assertLogHasNoGaps(reopened, acks.get(acks.size() - 1).seq());
        }
    }

    private List<Ack> runAndKill(Path file, String prefix, int wanted) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path stderr = dir.resolve(prefix + ".stderr");
        var command = List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""),
                CrashWriter.class.getName(), file.toString(), prefix);
        Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        var acks = new ArrayList<Ack>();
        try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (acks.size() < wanted) {
                String line = out.readLine();
                if (line == null || System.nanoTime() > deadline) {
                    fail("the writer stopped after " + acks.size() + " acks: " + Files.readString(stderr));
                }
                if (line.startsWith("ack ")) {
                    String[] parts = line.split(" ");
                    acks.add(new Ack(Long.parseLong(parts[1]), parts[2], parts[3]));
                }
            }
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally, no close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        return acks;
    }

    private static void assertEveryAckIsStored(PoolStore store, List<Ack> acks) {
        for (Ack ack : acks) {
            List<LogEntry> entry = store.readLog(ack.seq() - 1, 1);
            assertThat(entry).as("log entry %d", ack.seq()).singleElement().satisfies(e -> {
                assertThat(e.seq()).isEqualTo(ack.seq());
                assertThat(e.kind()).isEqualTo(LogKind.KEY_VERSION_CREATED);
                assertThat(e.keyName()).isEqualTo(ack.name());
                assertThat(e.versionId()).isEqualTo(ack.versionId());
            });
            assertThat(store.keyVersion(ack.name(), ack.versionId())).as("version of entry %d", ack.seq())
                    .hasValueSatisfying(v -> {
                        assertThat(v.seq()).isEqualTo(ack.seq());
                        assertThat(v.sealedKey()).isEqualTo(CrashWriter.sealedFor(ack.versionId()));
                    });
        }
    }

    private static void assertLogHasNoGaps(PoolStore store, long lastAck) {
        long head = store.logHead();
        assertThat(head).isGreaterThanOrEqualTo(lastAck);
        long position = 0;
        List<LogEntry> batch;
        while (!(batch = store.readLog(position, 1000)).isEmpty()) {
            for (LogEntry e : batch) {
                assertThat(e.seq()).as("entry after %d", position).isEqualTo(position + 1);
                assertThat(store.versionById(e.versionId())).as("version of entry %d", e.seq()).isPresent();
                position = e.seq();
            }
        }
        assertThat(position).isEqualTo(head);
    }
}
