package org.hsmpool.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.hsmpool.bench.core.Machine;
import org.hsmpool.bench.core.Operation;

/**
 * The results of one run as JSON (machine-readable), as a markdown table (beside the JSON,
 * or appended to a chosen file), and the ratio line: closed-loop rate through the largest pool over the raw
 * rate with 2 threads, for RS256, ES256 and A256GCM.
 */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    public static final String RAW_REFERENCE = "2 threads";

    private final String suite;
    private final String started;
    private final double seconds;
    private final Map<String, Object> machine;
    private final Map<String, Object> settings;
    private final List<CaseResult> cases;
    private final List<StartupResult> startups;

    public Report(String suite, String started, double seconds, Map<String, Object> machine,
            Map<String, Object> settings, List<CaseResult> cases, List<StartupResult> startups) {
        this.suite = suite;
        this.started = started;
        this.seconds = seconds;
        this.machine = machine;
        this.settings = settings;
        this.cases = List.copyOf(cases);
        this.startups = List.copyOf(startups);
    }

    /** pool/raw by ratio name (the JVM load generator, closed loop); absent when either side was not measured. */
    public Map<String, Double> ratios() {
        return ratios("closed");
    }

    /** The same with {@code wrk} as the pool's client. */
    public Map<String, Double> wrkRatios() {
        return ratios("wrk");
    }

    private Map<String, Double> ratios(String poolMode) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        String pool = largestPool();
        for (Operation op : Operation.values()) {
            if (op.ratioName() == null) {
                continue;
            }
            Optional<CaseResult> raw = find("raw", rawReference(), op, "closed");
            Optional<CaseResult> through = find("pool", pool, op, poolMode);
            if (raw.isPresent() && through.isPresent() && raw.get().opsPerSecond() > 0) {
                ratios.put(op.ratioName(), CaseResult.round3(through.get().opsPerSecond() / raw.get().opsPerSecond()));
            }
        }
        return ratios;
    }

    /** The raw set-up the ratios divide by: 2 threads when measured, else the first. */
    private String rawReference() {
        return cases.stream().filter(c -> c.side().equals("raw")).map(CaseResult::setup)
                .filter(RAW_REFERENCE::equals).findFirst()
                .orElse(cases.stream().filter(c -> c.side().equals("raw")).map(CaseResult::setup).findFirst().orElse(""));
    }

    private String largestPool() {
        return cases.stream().filter(c -> c.side().equals("pool")).map(CaseResult::setup)
                .max((a, b) -> Integer.compare(nodes(a), nodes(b))).orElse("");
    }

    private static int nodes(String setup) {
        return Integer.parseInt(setup.split(" ")[0]);
    }

    /** The case of a side, set-up and operation whose mode starts with {@code mode} (closed, open, wrk). */
    private Optional<CaseResult> find(String side, String setup, Operation op, String mode) {
        return cases.stream().filter(c -> c.side().equals(side) && c.setup().equals(setup) && c.op() == op
                && c.mode().startsWith(mode)).findFirst();
    }

    public String ratioLine() {
        String line = "pool/raw ops/s (" + largestPool() + " pool, closed loop / raw " + rawReference() + "): "
                + (ratios().isEmpty() ? "not measured" : values(ratios()));
        return wrkRatios().isEmpty() ? line : line + "; with wrk as the client: " + values(wrkRatios());
    }

    private static String values(Map<String, Double> ratios) {
        return ratios.entrySet().stream().map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.2f", e.getValue()))
                .collect(Collectors.joining(", "));
    }

    public void writeJson(Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("suite", suite);
        root.put("started", started);
        root.put("seconds", CaseResult.round3(seconds));
        root.put("machine", machine);
        root.put("settings", settings);
        List<Map<String, Object>> list = new ArrayList<>();
        for (CaseResult c : cases) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("side", c.side());
            m.put("setup", c.setup());
            m.put("operation", c.op().name());
            m.put("label", c.op().label());
            m.put("mode", c.mode());
            m.put("rounds", c.rounds());
            m.put("ops", c.ops());
            m.put("errors", c.errors());
            m.put("ops_per_s", c.opsPerSecond());
            m.put("p50_ms", c.p50Ms());
            m.put("p99_ms", c.p99Ms());
            m.put("p99_9_ms", c.p999Ms());
            m.put("cpu_s_per_1000_ops", c.cpuSecondsPer1000Ops());
            if (c.firstError() != null) {
                m.put("first_error", c.firstError());
            }
            list.add(m);
        }
        root.put("cases", list);
        List<Map<String, Object>> starts = new ArrayList<>();
        for (StartupResult st : startups) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("setup", st.setup());
            m.put("label", st.operation());
            m.put("mode", st.mode());
            m.put("first_call_s_after_up", CaseResult.round3(st.firstCallSeconds()));
            m.put("timeline", st.timeline().stream().map(r -> List.of(CaseResult.round3(r[0]), CaseResult.round3(r[1])))
                    .toList());
            m.put("ops_per_s_at_10_s", CaseResult.round3(st.atTenSeconds()));
            m.put("ops_per_s_first_10_s", CaseResult.round3(st.firstTenSecondsMean()));
            m.put("steady_ops_per_s", st.steady());
            m.put("at_10_s_over_steady", st.ratio());
            starts.add(m);
        }
        root.put("startup", starts);
        root.put("ratios", ratios());
        root.put("wrk_ratios", wrkRatios());
        root.put("ratio_line", ratioLine());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, JSON.writeValueAsString(root) + "\n");
    }

    /** The run as markdown: heading, machine, settings, the table, the ratio line. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("\n### ").append(started).append(" — `hsmpool bench` (").append(suite).append(" suite, ")
                .append(String.format(Locale.ROOT, "%.0f s", seconds)).append(")\n\n");
        md.append("Machine: ").append(Machine.line(machine)).append(".  \n");
        md.append("Settings: ").append(settings.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "))).append(".\n\n");
        md.append(table()).append('\n');
        startups.forEach(st -> md.append(st.markdown()).append('\n'));
        md.append(ratioLine()).append('\n');
        return md.toString();
    }

    public String table() {
        StringBuilder t = new StringBuilder();
        t.append("| side | set-up | operation | mode | ops/s | p50 ms | p99 ms | p99.9 ms | errors | CPU s / 1000 ops |\n");
        t.append("|---|---|---|---|---:|---:|---:|---:|---:|---|\n");
        for (CaseResult c : cases) {
            String cpu = c.cpuSecondsPer1000Ops().entrySet().stream()
                    .map(e -> e.getKey() + " " + (e.getValue() < 0 ? "?" : String.format(Locale.ROOT, "%.2f", e.getValue())))
                    .collect(Collectors.joining(", "));
            t.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.1f | %.2f | %.2f | %.2f | %d | %s |%n",
                    c.side(), c.setup(), c.op().label(), c.mode(), c.opsPerSecond(), c.p50Ms(), c.p99Ms(), c.p999Ms(),
                    c.errors(), cpu));
        }
        return t.toString();
    }

    public void appendMarkdown(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.writeString(file, "# Performance\n\n## Runs\n");
        }
        Files.writeString(file, markdown(), StandardOpenOption.APPEND);
    }
}
