package org.hsmpool.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.bench.core.Operation;
import org.hsmpool.bench.core.Round;
import org.hsmpool.bench.core.Side;

/**
 * One case (side, set-up, operation, mode) summarised over its measured rounds: the median of each
 * round's rate and percentiles, all errors, and CPU seconds per 1,000 completed calls of each process.
 */
public record CaseResult(String side, String setup, Operation op, String mode, int rounds, long ops, long errors,
        double opsPerSecond, double p50Ms, double p99Ms, double p999Ms, Map<String, Double> cpuSecondsPer1000Ops,
        String firstError) {

    public static CaseResult of(String side, String setup, Operation op, Side.Mode mode, List<Round> rounds,
            Map<String, Double> cpuSeconds) {
        long ops = rounds.stream().mapToLong(Round::ops).sum();
        long errors = rounds.stream().mapToLong(Round::errors).sum();
        Map<String, Double> perThousand = new LinkedHashMap<>();
        cpuSeconds.forEach((process, seconds) -> perThousand.put(process,
                seconds < 0 || ops == 0 ? -1.0 : round3(seconds * 1000.0 / ops)));
        String firstError = rounds.stream().map(Round::firstError).filter(e -> e != null).findFirst().orElse(null);
        return new CaseResult(side, setup, op, mode.label(), rounds.size(), ops, errors,
                round3(median(rounds, r -> r.opsPerSecond())),
                round3(median(rounds, r -> percentileMs(r, 50))),
                round3(median(rounds, r -> percentileMs(r, 99))),
                round3(median(rounds, r -> percentileMs(r, 99.9))), perThousand, firstError);
    }

    private static double percentileMs(Round r, double percentile) {
        return r.latencies().getTotalCount() == 0 ? 0 : r.latencies().getValueAtPercentile(percentile) / 1000.0;
    }

    static double median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> f) {
        double[] values = rounds.stream().mapToDouble(f).sorted().toArray();
        if (values.length == 0) {
            return 0;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    /** Sum of the per-process CPU figures (-1 when any is unknown). */
    public double cpuTotalPer1000Ops() {
        List<Double> values = new ArrayList<>(cpuSecondsPer1000Ops.values());
        return values.stream().anyMatch(v -> v < 0) ? -1 : round3(values.stream().mapToDouble(Double::doubleValue).sum());
    }

    /** One line for the console while the suite runs. */
    public String line() {
        return side + " " + setup + " " + op.label() + " " + mode + ": " + opsPerSecond + " ops/s, p50 " + p50Ms
                + " ms, p99 " + p99Ms + " ms, errors " + errors;
    }
}
