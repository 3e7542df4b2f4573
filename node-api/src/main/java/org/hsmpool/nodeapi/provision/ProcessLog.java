package org.hsmpool.nodeapi.provision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output file of a node or manager process (a Quarkus application), which every start of the process
 * appends to: what the current start wrote ({@link #mark()} at each start), whether it is listening, whether
 * it failed to bind a port and which, and its last lines for failure messages.
 */
public final class ProcessLog {
    private static final int TAIL_LINES = 40;
    /** Quarkus' words when the HTTP (and so the gRPC) port is taken. */
    private static final Pattern API_PORT_TAKEN = Pattern.compile("Port (\\d+) seems to be in use by another process");
    /** ... and when the management interface's is (caused by "BindException: Address already in use"). */
    private static final Pattern MANAGEMENT_PORT_TAKEN = Pattern.compile(
            "Unable to start the management interface on [^\\s:]+:(\\d+)");
    private final Path file;
    private long start;

    public ProcessLog(Path file) {
        this.file = file;
    }

    /** A process is about to start: what it writes from here on is {@link #sinceStart()}. */
    public void mark() throws IOException {
        start = Files.exists(file) ? Files.size(file) : 0;
    }

    public Path file() {
        return file;
    }

    /** The whole file (all starts). */
    public String text() throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    public String sinceStart() {
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
    public boolean started() {
        return sinceStart().contains("Listening on:");
    }

    /**
     * The current start failed because a port it was given was taken meanwhile. Quarkus says so in two
     * ways: "Port N seems to be in use by another process" (the HTTP/gRPC port) and "Unable to start the
     * management interface on HOST:N" caused by "BindException: Address already in use".
     */
    public boolean bindFailed() {
        String text = sinceStart();
        return text.contains("seems to be in use by another process") || text.contains("Address already in use");
    }

    /** The port the current start could not bind, when its output names it. */
    public OptionalInt takenPort() {
        String text = sinceStart();
        for (Pattern p : List.of(API_PORT_TAKEN, MANAGEMENT_PORT_TAKEN)) {
            Matcher m = p.matcher(text);
            if (m.find()) {
                return OptionalInt.of(Integer.parseInt(m.group(1)));
            }
        }
        return OptionalInt.empty();
    }

    /**
     * What the current start said went wrong, for an operator: its ERROR lines and the "Caused by:" lines of
     * their stack traces, the last {@code count} of them (empty when there are none).
     */
    public String errors(int count) {
        List<String> lines = sinceStart().lines().filter(l -> l.contains(" ERROR ") || l.startsWith("Caused by:")).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** The last lines of the current start's output, for a failure message. */
    public String tail() {
        return tail(TAIL_LINES);
    }

    /** The last {@code count} lines of the current start's output. */
    public String tail(int count) {
        List<String> lines = sinceStart().lines().toList();
        List<String> last = lines.subList(Math.max(0, lines.size() - count), lines.size());
        return (lines.size() > count ? "[... " + (lines.size() - count) + " lines of " + file + " before]\n" : "")
                + String.join("\n", last);
    }
}
