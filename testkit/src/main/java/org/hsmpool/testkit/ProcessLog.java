package org.hsmpool.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The output file of a node or manager process, which every start of the process appends to: what the
 * current start wrote ({@link #mark()} at each start), whether it failed to bind a port, and its last lines
 * for failure messages.
 */
final class ProcessLog {
    private static final int TAIL_LINES = 40;
    private final Path file;
    private long start;

    ProcessLog(Path file) {
        this.file = file;
    }

    /** A process is about to start: what it writes from here on is {@link #sinceStart()}. */
    void mark() throws IOException {
        start = Files.exists(file) ? Files.size(file) : 0;
    }

    Path file() {
        return file;
    }

    /** The whole file (all starts). */
    String text() throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    String sinceStart() {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            byte[] all = Files.readAllBytes(file);
            int from = (int) Math.min(start, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Quarkus logs this once every listener (the API and the management interface) is bound. */
    boolean started() {
        return sinceStart().contains("Listening on:");
    }

    /**
     * The current start failed because a port it was given was taken meanwhile. Quarkus says so in two
     * ways: "Port N seems to be in use by another process" (the HTTP/gRPC port) and "Unable to start the
     * management interface on HOST:N" caused by "BindException: Address already in use".
     */
    boolean bindFailed() {
        String text = sinceStart();
        return text.contains("seems to be in use by another process") || text.contains("Address already in use");
    }

    /** The last lines of the current start's output, for a failure message. */
    String tail() {
        List<String> lines = sinceStart().lines().toList();
        List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        return (lines.size() > TAIL_LINES ? "[... " + (lines.size() - TAIL_LINES) + " lines of " + file + " before]\n" : "")
                + String.join("\n", last);
    }
}
