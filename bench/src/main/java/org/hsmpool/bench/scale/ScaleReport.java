package org.hsmpool.bench.scale;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.hsmpool.bench.core.Machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The scale suite's tables (markdown) and its JSON file. */
public final class ScaleReport {
    private final String started;
    private final double seconds;
    private final Map<String, Object> machine;
    private final int concurrency;
    private final ScaleRun.Result result;

    public ScaleReport(String started, double seconds, Map<String, Object> machine, int concurrency,
            ScaleRun.Result result) {
        this.started = started;
        this.seconds = seconds;
        this.machine = machine;
        this.concurrency = concurrency;
        this.result = result;
    }

    public void writeJson(Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("suite", "scale");
        m.put("started", started);
        m.put("seconds", seconds);
        m.put("machine", machine);
        m.put("concurrency", concurrency);
        m.putAll(ScaleRun.describe(result));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), m);
    }

    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "### %s — `hsmpool bench --suite scale` (%.0f s)%n%n", started, seconds));
        b.append("Machine: ").append(Machine.line(machine)).append("\n\n");
        if (!result.raw().isEmpty()) {
            b.append("Raw token (one thread, through the node's Token seam; EC P-256 pairs):\n\n");
            b.append("| keys | token objects | create/s since the last row | one generate ms | one import ms | ES256 sign µs |\n");
            b.append("|---:|---:|---:|---:|---:|---:|\n");
            for (JsonNode j : result.raw()) {
                if (j.has("reopenMs")) {
                    continue;
                }
                b.append(String.format(Locale.ROOT, "| %,d | %,d | %.1f | %.1f | %.1f | %.0f |%n", j.get("keys").asInt(),
                        j.get("objects").asInt(), j.get("createPerSecond").asDouble(), j.get("generateMs").asDouble(),
                        j.get("importMs").asDouble(), j.get("signUs").asDouble()));
            }
            for (JsonNode j : result.raw()) {
                if (j.has("reopenMs")) {
                    b.append(String.format(Locale.ROOT, "%nOpening the token again with %,d keys (the node's start-up):"
                            + " %.0f ms%n", j.get("keys").asInt(), j.get("reopenMs").asDouble()));
                }
            }
            b.append('\n');
        }
        if (!result.pool().isEmpty()) {
            b.append(String.format(Locale.ROOT, "Pool of 3 nodes over HTTPS, EC P-256 creates by %d clients, then ES256"
                    + " sign with a random key, closed loop x%d:%n%n", concurrency, concurrency));
            b.append("| keys | create/s since the last row | slowest 1,000-key window /s | create errors | sign/s | sign p50 ms | sign p99 ms | sign errors |\n");
            b.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (ScaleRun.Step s : result.pool()) {
                b.append(String.format(Locale.ROOT, "| %,d | %.1f | %.1f | %d | %.0f | %.2f | %.2f | %d |%n", s.keys(),
                        s.createPerSecond(), s.slowestWindowPerSecond(), s.createErrors(), s.sign().opsPerSecond(),
                        ScaleRun.ms(s.sign(), 50), ScaleRun.ms(s.sign(), 99), s.sign().errors()));
            }
            ScaleRun.Step last = result.pool().get(result.pool().size() - 1);
            if (!last.windowsPerSecond().isEmpty()) {
                b.append("\nCreates/s in each 1,000-key window from 0 to ").append(String.format(Locale.ROOT, "%,d", last.keys()))
                        .append(": ").append(String.join(", ", last.windowsPerSecond().stream()
                                .map(r -> String.format(Locale.ROOT, "%.1f", r)).toList())).append('\n');
            }
            b.append(String.format(Locale.ROOT, "%n`hsmpool node add` to the pool of %,d keys: the new node HEALTHY"
                    + " (holding every key) after %.1f s (provisioning, node start and manager restart included)%n",
                    result.nodeAddKeys(), result.nodeAddSeconds()));
        }
        return b.toString();
    }
}
