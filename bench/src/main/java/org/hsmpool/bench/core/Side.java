package org.hsmpool.bench.core;

import java.util.Map;

/** One side under load (raw token workers, or a pool), as the suite runner sees it. */
public interface Side extends AutoCloseable {

    /**
     * How a round drives the side: closed loop with a concurrency, open loop at a rate, or closed loop by
     * {@code wrk} (a C load generator in its own process, pool only) with a number of connections.
     */
    record Mode(boolean openLoop, int concurrency, double rate, boolean wrk) {
        public static Mode closed(int concurrency) {
            return new Mode(false, concurrency, 0, false);
        }

        public static Mode open(double rate) {
            return new Mode(true, 0, rate, false);
        }

        public static Mode wrk(int connections) {
            return new Mode(false, connections, 0, true);
        }

        public String label() {
            return openLoop ? String.format(java.util.Locale.ROOT, "open %.0f/s", rate)
                    : (wrk ? "wrk x" : "closed x") + concurrency;
        }
    }

    /** The processes whose CPU time a case reports, by name. */
    Map<String, Long> processes();

    /**
     * CPU seconds of processes that lived only for the last round (a load generator started per round,
     * which {@link #processes()} cannot name beforehand), by name; empty when there were none.
     */
    default Map<String, Double> cpuOfLastRound() {
        return Map.of();
    }

    /** Create keys and inputs for an operation (not measured). */
    void prepare(Operation op) throws Exception;

    Round round(Operation op, Mode mode, double seconds) throws Exception;

    @Override
    void close();
}
