package org.hsmpool.bench.core;

import java.util.Map;

/** One side under load (raw token workers, or a pool), as the suite runner sees it. */
public interface Side extends AutoCloseable {

    /** How a round drives the side: closed loop with a concurrency, or open loop at a rate. */
    record Mode(boolean openLoop, int concurrency, double rate) {
        public static Mode closed(int concurrency) {
            return new Mode(false, concurrency, 0);
        }

        public static Mode open(double rate) {
            return new Mode(true, 0, rate);
        }

        public String label() {
            return openLoop ? String.format(java.util.Locale.ROOT, "open %.0f/s", rate) : "closed x" + concurrency;
        }
    }

    /** The processes whose CPU time a case reports, by name. */
    Map<String, Long> processes();

    /** Create keys and inputs for an operation (not measured). */
    void prepare(Operation op) throws Exception;

    Round round(Operation op, Mode mode, double seconds) throws Exception;

    @Override
    void close();
}
