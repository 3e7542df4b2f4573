package org.hsmpool.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A pool started by the product itself, {@code hsmpool up --dir DIR ...} from the cli's jar
 * ({@link HsmpoolJar}), as an operator starts one, and read back from its {@code pool.json}; the test acts
 * as the pool's {@value #OPERATOR}. {@link #close()} is {@code hsmpool down}.
 */
public final class UpPool implements PoolUnderTest {
    /** The principal {@code hsmpool up} writes into the pool's tokens file for its operator. */
    public static final String OPERATOR = "operator";

    private final Path home;
    private final Path dir;
    private final String output;
    private final long upReturnedNanos = System.nanoTime();
    private final JsonNode started;
    private RestClient rest;

    private UpPool(Path home, Path dir, String output) throws IOException {
        this.home = home;
        this.dir = dir;
        this.output = output;
        this.started = json();
    }

    /** {@code hsmpool up --dir DIR ARGS}, which must succeed. */
    public static UpPool up(Path home, Path dir, String... args) throws IOException, InterruptedException {
        return up(home, dir, Map.of(), args);
    }

    /** {@code hsmpool up --dir DIR ARGS} with {@code environment}, which must succeed. */
    public static UpPool up(Path home, Path dir, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("up", "--dir", dir.toString()));
        command.addAll(List.of(args));
        HsmpoolJar.Ran ran = HsmpoolJar.run(home, environment, command.toArray(String[]::new));
        if (ran.exit() != 0) {
            UpPool half = Files.exists(dir.resolve("pool.json")) ? new UpPool(home, dir, ran.output()) : null;
            if (half != null) {
                half.close();
            }
            throw new IOException("hsmpool " + String.join(" ", command) + " failed (exit " + ran.exit() + "):\n"
                    + ran.output());
        }
        return new UpPool(home, dir, ran.output());
    }

    /** What {@code hsmpool up} printed. */
    public String output() {
        return output;
    }

    /** {@link System#nanoTime()} when {@code hsmpool up} had returned (the pool started, and with --demo activated). */
    public long upReturnedNanos() {
        return upReturnedNanos;
    }

    public Path dir() {
        return dir;
    }

    /** The pool's {@code pool.json} as it is now. */
    public JsonNode json() throws IOException {
        return RestClient.JSON.readTree(Files.readString(dir.resolve("pool.json")));
    }

    /** The pool's state when {@code up} returned ({@code Activated}, {@code NotActivated}). */
    public String state() {
        return started.path("state").asText();
    }

    @Override
    public String url() {
        return started.path("url").asText();
    }

    @Override
    public Path caFile() {
        return Path.of(started.path("caCertificate").asText());
    }

    @Override
    public String principal() {
        return OPERATOR;
    }

    /** The operator's bearer token from the pool's tokens file. */
    @Override
    public String token() {
        Path tokens = Path.of(started.path("tokenFile").asText());
        try {
            for (String line : Files.readAllLines(tokens)) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length == 2 && parts[0].equals(OPERATOR)) {
                    return parts[1];
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + tokens + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException("no " + OPERATOR + " token in " + tokens);
    }

    @Override
    public synchronized RestClient rest() {
        if (rest == null) {
            rest = rest(token());
        }
        return rest;
    }

    /** The manager and node processes when {@code up} returned, by name. */
    public Map<String, Long> processes() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("manager", started.path("managerPid").asLong());
        for (JsonNode n : started.path("nodes")) {
            pids.put(n.path("name").asText(), n.path("pid").asLong());
        }
        return pids;
    }

    /** {@code hsmpool down}; if that fails, the processes {@code up} started are killed. */
    @Override
    public void close() throws IOException, InterruptedException {
        HsmpoolJar.Ran down = HsmpoolJar.run(home, Map.of(), "down", "--dir", dir.toString());
        if (down.exit() != 0) {
            processes().values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            throw new IOException("hsmpool down --dir " + dir + " failed (exit " + down.exit() + "):\n" + down.output());
        }
    }
}
