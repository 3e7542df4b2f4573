package org.hsmpool.bench.scale;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.hsmpool.bench.core.Load;
import org.hsmpool.bench.core.Round;
import org.hsmpool.bench.pool.LocalPoolProcess;
import org.hsmpool.bench.pool.PoolTarget;
import org.hsmpool.bench.raw.RawSide;
import org.hsmpool.bench.raw.TokenGrowth;
import org.hsmpool.nodeapi.provision.NodeDirectory;
import org.hsmpool.nodeapi.provision.SoftHsmDirectory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The scale suite (issue 16): how costs change as the pool holds more keys. First one raw token,
 * grown through the node's Token seam ({@link TokenGrowth}, a process of its own). Then a pool of
 * {@code nodes} nodes grown with EC P-256 creates by {@code concurrency} clients up to each key count:
 * the create rate of each step and of the slowest 1,000-key window ("sustained" means that one),
 * ES256 sign latency (closed loop, a random key per call) at each count, and last the time
 * {@code hsmpool node add} takes to bring a new node to HEALTHY, which the manager grants only once
 * the node holds every key.
 */
public final class ScaleRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WINDOW = 1000;
    private static final double FIRST_WARM_UP_SECONDS = 60;

    private final Path home;
    private final Path work;
    private final List<Integer> counts;
    private final int nodes;
    private final int concurrency;
    private final double signSeconds;
    private final PrintStream out;

    public ScaleRun(Path home, Path work, List<Integer> counts, int nodes, int concurrency, double signSeconds,
            PrintStream out) {
        this.home = home;
        this.work = work;
        this.counts = counts.stream().sorted().toList();
        this.nodes = nodes;
        this.concurrency = concurrency;
        this.signSeconds = signSeconds;
        this.out = out;
    }

    /** One key count through the pool. */
    public record Step(int keys, double createPerSecond, double slowestWindowPerSecond, List<Double> windowsPerSecond,
            long createErrors, Round sign) {
    }

    /** Everything measured: raw token lines, pool steps, and the new node's time to HEALTHY. */
    public record Result(List<JsonNode> raw, List<Step> pool, double nodeAddSeconds, int nodeAddKeys) {
    }

    public Result run(boolean raw, boolean pool) throws Exception {
        List<JsonNode> rawLines = raw ? growRawToken() : List.of();
        if (!pool) {
            return new Result(rawLines, List.of(), -1, 0);
        }
        Path dir = work.resolve("scale-pool-" + ProcessHandle.current().pid());
        out.println("pool: starting " + nodes + " nodes with hsmpool up --demo in " + dir);
        Result result;
        try (LocalPoolProcess p = LocalPoolProcess.start(home, dir, nodes)) {
            PoolTarget target = new PoolTarget(p.url(), p.caFile(), p.operatorToken());
            List<Step> steps = new ArrayList<>();
            List<Long> done = new ArrayList<>();
            AtomicInteger created = new AtomicInteger();
            for (int count : counts) {
                long began = System.nanoTime();
                long errors = grow(target, created, count, done);
                Step step = step(target, count, done, errors, began);
                steps.add(step);
                out.printf("  %,d keys: create %.1f/s (slowest %,d-key window %.1f/s, %d errors), ES256 sign p50 %.2f ms,"
                        + " p99 %.2f ms, %.0f/s%n", count, step.createPerSecond, WINDOW, step.slowestWindowPerSecond,
                        errors, ms(step.sign, 50), ms(step.sign, 99), step.sign.opsPerSecond());
            }
            out.println("  adding a node (hsmpool node add) to the pool of " + created.get() + " keys");
            long t0 = System.nanoTime();
            double seconds;
            try {
                LocalPoolProcess.cli(home, dir.resolveSibling(dir.getFileName() + "-node-add.log"), "node", "add",
                        "--dir", dir.toString());
                seconds = (System.nanoTime() - t0) / 1e9;
            } catch (IOException gaveUp) {
                // the cli waits 180 s; the manager goes on catching the node up, so keep timing it
                out.println("  " + gaveUp.getMessage() + "; waiting for the node to become HEALTHY");
                seconds = awaitAllHealthy(target, nodes + 1, t0);
            }
            out.printf("  the new node was HEALTHY with every key after %.1f s%n", seconds);
            result = new Result(rawLines, steps, seconds, created.get());
        }
        delete(dir); // kept only when the run failed, for its logs
        return result;
    }

    /** Seconds since {@code t0} until every one of {@code count} nodes is HEALTHY; -1 after 20 minutes. */
    private static double awaitAllHealthy(PoolTarget target, int count, long t0) throws InterruptedException {
        while (System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(20)) {
            try {
                if (target.allHealthy(count)) {
                    return (System.nanoTime() - t0) / 1e9;
                }
            } catch (IOException managerRestarting) {
                // try again
            }
            Thread.sleep(500);
        }
        return -1;
    }

    /** Create keys scale-N with {@code concurrency} clients until {@code created} reaches {@code target}. */
    private long grow(PoolTarget target, AtomicInteger created, int goal, List<Long> done) throws Exception {
        AtomicInteger next = new AtomicInteger(created.get());
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        List<Thread> clients = new ArrayList<>();
        List<Long> finished = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(() -> {
                for (int n; (n = next.getAndIncrement()) < goal;) {
                    while (errors.get() <= 100) { // a failed create is tried again under the same name
                        try {
                            target.createEc("scale-" + n);
                            finished.add(System.nanoTime());
                            break;
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, e);
                        }
                    }
                }
            }, "scale-create-" + i);
            clients.add(t);
            t.start();
        }
        for (Thread t : clients) {
            t.join();
        }
        if (errors.get() > 100) {
            throw new IOException("more than 100 creates failed; the first: " + firstError.get());
        }
        List<Long> sorted = new ArrayList<>(finished);
        sorted.sort(null);
        done.addAll(sorted);
        created.set(done.size());
        return errors.get();
    }

    private Step step(PoolTarget target, int count, List<Long> done, long errors, long began) throws Exception {
        double rate = (count - previous(count)) / ((done.get(count - 1) - began) / 1e9);
        double slowest = rate;
        List<Double> windows = new ArrayList<>();
        for (int end = WINDOW; end <= count; end += WINDOW) {
            windows.add(rate(done, end - WINDOW, end));
            slowest = Math.min(slowest, windows.get(windows.size() - 1));
        }
        // warm-up, discarded; the first one longer: the pool's JVMs are fresh (the full suite's reason too)
        double warmUp = count == counts.get(0) ? Math.min(FIRST_WARM_UP_SECONDS, 2 * signSeconds)
                : Math.min(5, signSeconds / 2);
        Load.closed(target.signWith(() -> "scale-" + ThreadLocalRandom.current().nextInt(count)), concurrency, warmUp);
        Round sign = Load.closed(target.signWith(() -> "scale-" + ThreadLocalRandom.current().nextInt(count)),
                concurrency, signSeconds);
        return new Step(count, rate, slowest, windows, errors, sign);
    }

    private int previous(int count) {
        int before = 0;
        for (int c : counts) {
            if (c < count) {
                before = c;
            }
        }
        return before;
    }

    /** Creates per second over the completions {@code from} (inclusive) to {@code to} (exclusive). */
    private static double rate(List<Long> done, int from, int to) {
        if (to - from < 2) {
            return Double.NaN;
        }
        return (to - from - 1) / ((done.get(to - 1) - done.get(from)) / 1e9);
    }

    private List<JsonNode> growRawToken() throws IOException, InterruptedException {
        Path dir = work.resolve("scale-raw-token-" + ProcessHandle.current().pid());
        SoftHsmDirectory token = RawSide.token(dir);
        out.println("raw: growing one SoftHSM2 token to " + counts.get(counts.size() - 1) + " keys through the Token seam");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, NodeDirectory.ADD_EXPORTS, "-cp",
                System.getProperty("java.class.path"), TokenGrowth.class.getName(), SoftHsmDirectory.DEFAULT_LIBRARY,
                "bench", dir.resolve("user.pin").toString(),
                String.join(",", counts.stream().map(String::valueOf).toList()))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("growth.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("SOFTHSM2_CONF", token.confFile().toString());
        Process p = pb.start();
        List<JsonNode> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                JsonNode j = JSON.readTree(line);
                lines.add(j);
                out.println("  " + j);
            }
        }
        if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("the token growth worker failed; see " + dir.resolve("growth.log"));
        }
        delete(dir);
        return lines;
    }

    static double ms(Round r, double percentile) {
        return r.latencies().getValueAtPercentile(percentile) / 1000.0;
    }

    private static void delete(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The result as JSON-friendly maps. */
    public static Map<String, Object> describe(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("raw", r.raw());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Step s : r.pool()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("keys", s.keys());
            x.put("createPerSecond", s.createPerSecond());
            x.put("slowestWindowPerSecond", s.slowestWindowPerSecond());
            x.put("windowsPerSecond", s.windowsPerSecond());
            x.put("createErrors", s.createErrors());
            x.put("signPerSecond", s.sign().opsPerSecond());
            x.put("signP50Ms", ms(s.sign(), 50));
            x.put("signP99Ms", ms(s.sign(), 99));
            x.put("signErrors", s.sign().errors());
            steps.add(x);
        }
        m.put("pool", steps);
        m.put("nodeAddSeconds", r.nodeAddSeconds());
        m.put("nodeAddKeys", r.nodeAddKeys());
        return m;
    }
}
