package org.hsmpool.bench.core;

import java.util.List;

/**
 * How much to run: warm-up and measured rounds per case, which raw set-ups and pool sizes. The
 * full suite takes about 11 minutes on 2 cores, {@code quick} about 2, {@code smoke} (the CI test's
 * own) well under one. A new pool is first warmed up as a whole ({@code poolWarmupSeconds}, spread over
 * the operations): until the JIT has compiled the request path, a Quarkus process spends more CPU on
 * compiling than on serving, and the first operation measured would pay for all the others. Before that
 * warm-up, the largest pool is measured for {@code startupSeconds} from the moment {@code hsmpool up}
 * returned (0: not), in one-second rounds of ES256 signing: how fast a freshly started pool serves.
 */
public record Suite(String name, double poolWarmupSeconds, double warmupSeconds, int rounds, double roundSeconds,
        List<RawSetup> raw, List<Integer> poolNodes, boolean openLoop, List<Operation> wrkOps, double startupSeconds) {

    /** The operations measured once more with {@code wrk} as the client (when it is on the PATH). */
    static final List<Operation> RATIO_OPS = List.of(Operation.RS256_SIGN, Operation.ES256_SIGN, Operation.A256GCM_ENCRYPT);

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
        return new Suite("full", 12, 1.5, 3, 2.5, List.of(ONE_THREAD, TWO_THREADS, TWO_PROCESSES), List.of(1, 2, 3), true,
                RATIO_OPS, 20);
    }

    public static Suite quick() {
        return new Suite("quick", 5, 0.5, 1, 1.0, List.of(ONE_THREAD, TWO_THREADS, TWO_PROCESSES), List.of(3), true,
                RATIO_OPS, 12);
    }

    /** The CI smoke test's: every operation and both loop modes, one raw set-up, a one-node pool, ES256 by wrk. */
    public static Suite smoke() {
        return new Suite("smoke", 0, 0.2, 1, 0.5, List.of(ONE_THREAD), List.of(1), true,
                List.of(Operation.ES256_SIGN), 0);
    }

    /** For a profiler: a 3-node pool, long rounds, closed loop only. */
    public static Suite profile() {
        return new Suite("profile", 20, 3, 1, 15, List.of(), List.of(3), false, List.of(), 0);
    }

    /**
     * For start-up work (issue 16, done-when 4): a 3-node pool, 20 s of start-up rounds, 30 s of warm-up, then
     * the steady rate; closed loop only. Meant with {@code --ops ES256_SIGN}.
     */
    public static Suite startup() {
        return new Suite("startup", 30, 3, 3, 3, List.of(), List.of(3), false, List.of(Operation.ES256_SIGN), 20);
    }

    public static Suite named(String name) {
        return switch (name) {
            case "startup" -> startup();
            case "profile" -> profile();
            case "full" -> full();
            case "quick" -> quick();
            case "smoke" -> smoke();
            default -> throw new IllegalArgumentException("unknown suite " + name + " (full, quick, smoke, profile, startup)");
        };
    }
}
