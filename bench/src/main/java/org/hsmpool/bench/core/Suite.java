package org.hsmpool.bench.core;

import java.util.List;

/**
 * How much to run: warm-up and measured rounds per case, which raw set-ups and pool sizes. The
 * full suite takes under 10 minutes on 2 cores, {@code quick} under 2, {@code smoke} (the CI test's
 * own) well under one. A new pool is first warmed up as a whole ({@code poolWarmupSeconds}, spread over
 * the operations): until the JIT has compiled the request path, a Quarkus process spends more CPU on
 * compiling than on serving, and the first operation measured would pay for all the others.
 */
public record Suite(String name, double poolWarmupSeconds, double warmupSeconds, int rounds, double roundSeconds,
        List<RawSetup> raw, List<Integer> poolNodes, boolean openLoop) {

    /** One raw configuration: worker processes on the same token, threads in each. */
    public record RawSetup(int processes, int threads) {
        public String label() {
            return processes > 1 ? processes + " processes" : threads + (threads == 1 ? " thread" : " threads");
        }
    }

    static final RawSetup ONE_THREAD = new RawSetup(1, 1);
    static final RawSetup TWO_THREADS = new RawSetup(1, 2);
    static final RawSetup TWO_PROCESSES = new RawSetup(2, 1);

    public static Suite full() {
        return new Suite("full", 12, 1.5, 3, 2.5, List.of(ONE_THREAD, TWO_THREADS, TWO_PROCESSES), List.of(1, 2, 3), true);
    }

    public static Suite quick() {
        return new Suite("quick", 5, 0.5, 1, 1.0, List.of(ONE_THREAD, TWO_THREADS, TWO_PROCESSES), List.of(3), true);
    }

    /** The CI smoke test's: every operation and both loop modes, one raw set-up, a one-node pool. */
    public static Suite smoke() {
        return new Suite("smoke", 0, 0.2, 1, 0.5, List.of(ONE_THREAD), List.of(1), true);
    }

    /** For a profiler: a 3-node pool, long rounds, closed loop only. */
    public static Suite profile() {
        return new Suite("profile", 20, 3, 1, 15, List.of(), List.of(3), false);
    }

    public static Suite named(String name) {
        return switch (name) {
            case "profile" -> profile();
            case "full" -> full();
            case "quick" -> quick();
            case "smoke" -> smoke();
            default -> throw new IllegalArgumentException("unknown suite " + name + " (full, quick, smoke, profile)");
        };
    }
}
