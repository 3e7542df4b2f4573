package org.hsmpool.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.hsmpool.bench.core.CpuClock;
import org.hsmpool.bench.core.Operation;
import org.hsmpool.bench.core.Round;
import org.hsmpool.bench.core.Side;
import org.hsmpool.bench.core.Suite;
import org.hsmpool.bench.pool.PoolSide;
import org.hsmpool.bench.raw.RawSide;
import org.hsmpool.nodeapi.provision.SoftHsmDirectory;

/**
 * Runs a suite: every raw set-up, then every pool size, each operation with a warm-up and the
 * measured rounds; in a pool, the ratio operations once more in open loop at a fixed rate (by
 * default half the closed-loop rate just measured, where the latency target is set), and the suite's
 * wrk operations once more in closed loop with {@code wrk} as the client.
 */
final class SuiteRun {
    private final Suite suite;
    private final Path home;
    private final Path work;
    private final int concurrency;
    private final double rate;
    private final boolean keep;
    private final Path profile;
    private final List<Operation> operations;
    private final PrintStream out;
    private final List<CaseResult> results = new ArrayList<>();
    private final List<StartupResult> startups = new ArrayList<>();

    SuiteRun(Suite suite, List<Operation> operations, Path home, Path work, int concurrency, double rate, boolean keep,
            Path profile, PrintStream out) {
        this.suite = suite;
        this.home = home;
        this.work = work;
        this.concurrency = concurrency;
        this.rate = rate;
        this.keep = keep;
        this.profile = profile;
        this.operations = List.copyOf(operations);
        this.out = out;
    }

    List<CaseResult> run(boolean raw, boolean pool) throws Exception {
        if (raw) {
            SoftHsmDirectory token = RawSide.token(work.resolve("raw-token"));
            for (Suite.RawSetup setup : suite.raw()) {
                out.println("raw: " + setup.label() + " on one SoftHSM2 token");
                try (RawSide side = RawSide.start(token, setup)) {
                    for (Operation op : operations) {
                        measure(side, "raw", setup.label(), op, Side.Mode.closed(setup.threads() * setup.processes()));
                    }
                }
            }
        }
        if (pool) {
            for (int nodes : suite.poolNodes()) {
                Path dir = work.resolve("pool-" + nodes + "-" + ProcessHandle.current().pid());
                String setup = nodes + (nodes == 1 ? " node" : " nodes");
                out.println("pool: starting " + setup + " with hsmpool up --demo in " + dir);
                try (PoolSide side = PoolSide.start(home, dir, nodes)) {
                    boolean startup = suite.startupSeconds() > 0 && nodes == suite.poolNodes().get(suite.poolNodes().size() - 1)
                            && operations.contains(Operation.ES256_SIGN);
                    Side.Mode startupMode = side.hasWrk() ? Side.Mode.wrk(concurrency) : Side.Mode.closed(concurrency);
                    StartupResult started = startup ? startup(side, setup, startupMode) : null;
                    warmUp(side);
                    JfrRecording jfr = profile == null ? null
                            : JfrRecording.start(side.pool().processes(), profile.resolve("pool-" + nodes));
                    for (Operation op : operations) {
                        CaseResult closed = measure(side, "pool", setup, op, Side.Mode.closed(concurrency));
                        if (suite.openLoop() && op.ratioName() != null) {
                            double r = rate > 0 ? rate : Math.max(1, Math.floor(closed.opsPerSecond() / 2));
                            measure(side, "pool", setup, op, Side.Mode.open(r));
                        }
                        if (suite.wrkOps().contains(op) && side.hasWrk()) {
                            measure(side, "pool", setup, op, Side.Mode.wrk(concurrency));
                        }
                    }
                    if (started != null) {
                        String label = startupMode.label();
                        StartupResult withSteady = started.withSteady(results.stream().filter(c -> c.side().equals("pool")
                                && c.setup().equals(setup) && c.op() == Operation.ES256_SIGN && c.mode().equals(label))
                                .mapToDouble(CaseResult::opsPerSecond).findFirst().orElse(0));
                        startups.add(withSteady);
                        out.print("  " + withSteady.markdown());
                    }
                    if (!suite.wrkOps().isEmpty() && !side.hasWrk()) {
                        out.println("  wrk is not on the PATH: no wrk cases (install it: apt-get install wrk)");
                    }
                    if (jfr != null) {
                        jfr.stop();
                        out.println("  JFR recordings in " + profile.resolve("pool-" + nodes));
                    }
                } finally {
                    if (!keep) {
                        delete(dir);
                    }
                }
            }
        }
        return results;
    }

    /**
     * ES256 signs in back-to-back one-second rounds from the moment {@code hsmpool up} returned until the
     * suite's start-up time has passed (the benchmark's keys were created first, inside that time).
     */
    private StartupResult startup(PoolSide side, String setup, Side.Mode mode) throws Exception {
        side.prepare(Operation.ES256_SIGN);
        long up = side.pool().upReturnedNanos();
        double first = (System.nanoTime() - up) / 1e9;
        out.println(String.format(java.util.Locale.ROOT, "  start-up: ES256 %s from %.1f s after hsmpool up returned",
                mode.label(), first));
        List<double[]> timeline = new ArrayList<>();
        while ((System.nanoTime() - up) / 1e9 < suite.startupSeconds()) {
            Round r = side.round(Operation.ES256_SIGN, mode, 1);
            if (r.errors() > 0) {
                out.println("  start-up round with " + r.errors() + " failed calls: " + r.firstError());
            }
            timeline.add(new double[] {(System.nanoTime() - up) / 1e9, r.opsPerSecond()});
        }
        return new StartupResult(setup, Operation.ES256_SIGN.label(), mode.label(), first, timeline, 0);
    }

    List<StartupResult> startups() {
        return startups;
    }

    /** Every operation but key creation in turn, closed loop, for the suite's pool warm-up time. */
    private void warmUp(Side side) throws Exception {
        List<Operation> ops = operations.stream().filter(op -> op != Operation.RSA_2048_CREATE).toList();
        if (suite.poolWarmupSeconds() <= 0 || ops.isEmpty()) {
            return;
        }
        out.println("  warming up the pool for " + suite.poolWarmupSeconds() + " s");
        for (Operation op : ops) {
            side.prepare(op);
            side.round(op, Side.Mode.closed(concurrency), suite.poolWarmupSeconds() / ops.size());
        }
    }

    private CaseResult measure(Side side, String sideName, String setup, Operation op, Side.Mode mode)
            throws Exception {
        side.prepare(op);
        side.round(op, mode, suite.warmupSeconds());
        List<Round> rounds = new ArrayList<>();
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (int i = 0; i < suite.rounds(); i++) {
            Map<String, Long> pids = side.processes();
            Map<String, Double> before = cpuOf(pids);
            rounds.add(side.round(op, mode, suite.roundSeconds()));
            Map<String, Double> after = cpuOf(pids);
            before.putAll(side.cpuOfLastRound().keySet().stream().collect(
                    java.util.stream.Collectors.toMap(name -> name, name -> 0.0)));
            after.putAll(side.cpuOfLastRound()); // a client that lived for this round only
            after.forEach((name, seconds) -> {
                double b = before.get(name);
                double delta = seconds < 0 || b < 0 ? -1 : seconds - b;
                cpu.merge(name, delta, (x, y) -> x < 0 || y < 0 ? -1 : x + y);
            });
        }
        CaseResult result = CaseResult.of(sideName, setup, op, mode, rounds, cpu);
        results.add(result);
        out.println("  " + result.line() + (result.firstError() == null ? "" : " (first error: " + result.firstError() + ")"));
        return result;
    }

    private static Map<String, Double> cpuOf(Map<String, Long> pids) {
        Map<String, Double> m = new LinkedHashMap<>();
        pids.forEach((name, pid) -> m.put(name, CpuClock.seconds(pid)));
        return m;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
