package org.hsmpool.bench.pool;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import org.hsmpool.bench.core.CpuClock;
import org.hsmpool.bench.core.Round;

/**
 * Closed-loop rounds against a pool driven by {@code wrk} (Debian's wrk 4.1, a C load generator: one
 * thread, N keep-alive HTTPS connections), so that the client costs the shared cores far less than this
 * benchmark's own JVM. The request is a fixed POST (path and body of one operation, the operator's bearer
 * token), sent by the Lua script {@code post.lua}; its {@code done()} hands back the counts, wrk's own CPU
 * time and the whole latency distribution, so a wrk round is a {@link Round} like any other. wrk does not
 * check the server's certificate; the pool's address has been checked against the pool CA by the JVM
 * client (which created the keys) before wrk is pointed at it.
 */
public final class Wrk {
    private static final String COMMAND = "wrk";

    private final Path dir;
    private final Path script;
    private final String token;

    /** A wrk round: the round as measured by wrk, and wrk's CPU seconds over its whole life. */
    public record Result(Round round, double cpuSeconds) {
    }

    private Wrk(Path dir, Path script, String token) {
        this.dir = dir;
        this.script = script;
        this.token = token;
    }

    /** Whether {@code wrk} is on the PATH. */
    public static boolean available() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, COMMAND))) {
                return true;
            }
        }
        return false;
    }

    /** A driver keeping its script and results in {@code dir}, sending {@code token}; empty without wrk. */
    public static Optional<Wrk> in(Path dir, String token) throws IOException {
        if (!available()) {
            return Optional.empty();
        }
        Files.createDirectories(dir);
        Path script = dir.resolve("post.lua");
        try (InputStream in = Wrk.class.getResourceAsStream("post.lua")) {
            if (in == null) {
                throw new IOException("post.lua is missing from the benchmark's jar");
            }
            Files.write(script, in.readAllBytes());
        }
        return Optional.of(new Wrk(dir, script, token));
    }

    /**
     * POST {@code body} to {@code url} over {@code connections} connections for {@code seconds} (wrk counts
     * whole seconds: at least 1, rounded down). A call counts as done with a 2xx/3xx answer.
     */
    public Result run(String url, String body, int connections, double seconds) throws IOException,
            InterruptedException {
        long whole = Math.max(1, (long) Math.floor(seconds));
        Path out = dir.resolve("wrk-result.txt");
        Path log = dir.resolve("wrk.log");
        Files.deleteIfExists(out);
        ProcessBuilder pb = new ProcessBuilder(COMMAND, "-t1", "-c" + connections, "-d" + whole + "s", "--timeout",
                "60s", "-s", script.toString(), url).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.put("HSMPOOL_WRK_BODY", body);
        env.put("HSMPOOL_WRK_TOKEN", token);
        env.put("HSMPOOL_WRK_OUT", out.toString());
        Process p = pb.start();
        if (!p.waitFor(whole + 90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("wrk did not finish in " + (whole + 90) + " s; see " + log);
        }
        if (p.exitValue() != 0 || !Files.exists(out)) {
            throw new IOException("wrk failed (exit " + p.exitValue() + "): " + Files.readString(log).strip());
        }
        return parse(Files.readAllLines(out));
    }

    /** The lines {@code post.lua}'s {@code done()} wrote. */
    static Result parse(List<String> lines) throws IOException {
        long durationMicros = -1;
        long requests = -1;
        long[] errors = null;
        long ticks = -1;
        Histogram latencies = Round.newHistogram();
        for (String line : lines) {
            String[] f = line.strip().split(" ");
            switch (f[0]) {
                case "duration_us" -> durationMicros = Long.parseLong(f[1]);
                case "requests" -> requests = Long.parseLong(f[1]);
                case "errors" -> {
                    errors = new long[5];
                    for (int i = 0; i < 5; i++) {
                        errors[i] = Long.parseLong(f[i + 1]);
                    }
                }
                case "cpu_ticks" -> ticks = Long.parseLong(f[1]);
                case "latency" -> latencies.recordValueWithCount(Math.max(1, Long.parseLong(f[1])), Long.parseLong(f[2]));
                default -> throw new IOException("unexpected line from post.lua: " + line);
            }
        }
        if (durationMicros <= 0 || requests < 0 || errors == null || ticks < 0) {
            throw new IOException("incomplete result from post.lua: " + lines);
        }
        // wrk counts an answer with status > 399 both as a request and as a status error
        long failed = errors[0] + errors[1] + errors[2] + errors[3] + errors[4];
        long ok = Math.max(0, requests - errors[3]);
        List<String> kinds = new ArrayList<>();
        String[] names = {"connect", "read", "write", "status >= 400", "timeout"};
        for (int i = 0; i < 5; i++) {
            if (errors[i] > 0) {
                kinds.add(errors[i] + " " + names[i]);
            }
        }
        String firstError = failed == 0 ? null : "wrk errors: " + String.join(", ", kinds);
        Round round = new Round(ok, failed, durationMicros / 1e6, latencies, firstError);
        return new Result(round, CpuClock.ticksToSeconds(ticks));
    }
}
