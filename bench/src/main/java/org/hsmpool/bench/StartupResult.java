package org.hsmpool.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How fast a freshly started pool serves (issue 16, done-when 4: at least 80% of its steady throughput
 * 10 s after {@code hsmpool up} returns). One operation is driven from the moment {@code up} returned (after
 * the benchmark's keys are created) in back-to-back one-second rounds; {@code steady} is the same
 * operation and client measured later in the same pool, after its warm-up.
 *
 * @param firstCallSeconds when the first round started, seconds after {@code up} returned (key creation before it)
 * @param timeline each round: its end in seconds after {@code up} returned, and its calls/s
 */
public record StartupResult(String setup, String operation, String mode, double firstCallSeconds,
        List<double[]> timeline, double steady) {

    public static final double AT_SECONDS = 10;

    /** Calls/s of the round that was running at {@link #AT_SECONDS} after {@code up} returned (0 if none). */
    public double atTenSeconds() {
        double start = firstCallSeconds;
        for (double[] round : timeline) {
            if (start <= AT_SECONDS && round[0] >= AT_SECONDS) {
                return round[1];
            }
            start = round[0];
        }
        return 0;
    }

    /** Calls completed in the first 10 s after {@code up} returned, per second of those 10 s. */
    public double firstTenSecondsMean() {
        double start = firstCallSeconds;
        double calls = 0;
        for (double[] round : timeline) {
            double end = Math.min(round[0], AT_SECONDS);
            if (end > start) {
                calls += round[1] * (end - start);
            }
            start = round[0];
        }
        return calls / AT_SECONDS;
    }

    public StartupResult withSteady(double rate) {
        return new StartupResult(setup, operation, mode, firstCallSeconds, timeline, rate);
    }

    /** The rate at 10 s over the steady rate (-1 when no steady rate was measured). */
    public double ratio() {
        return steady > 0 ? CaseResult.round3(atTenSeconds() / steady) : -1;
    }

    public String markdown() {
        String rounds = timeline.stream().map(r -> String.format(Locale.ROOT, "%.0f", r[1]))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "Start-up (%s pool, %s, %s; one-second rounds from %.1f s after `hsmpool up`"
                + " returned, the keys created before): calls/s %s. At 10 s: **%.0f/s**, %s of the steady %.0f/s"
                + " measured later in the same pool; the first 10 s averaged %.0f/s.%n", setup, operation, mode,
                firstCallSeconds, rounds, atTenSeconds(),
                steady > 0 ? String.format(Locale.ROOT, "%.0f%%", 100 * ratio()) : "? (not measured)", steady,
                firstTenSecondsMean());
    }
}
