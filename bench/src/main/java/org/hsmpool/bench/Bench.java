package org.hsmpool.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.hsmpool.bench.core.Machine;
import org.hsmpool.bench.core.Operation;
import org.hsmpool.bench.core.Suite;

/** {@code hsmpool bench}: the raw token against the pool, one run, JSON + markdown + ratio line. */
@Command(name = "hsmpool bench", mixinStandardHelpOptions = true, description = {
    "Measures the same operations (RS256, ES256, A256GCM 1 KiB, RSA-OAEP-256 unwrap, RSA-2048 create, verify)"
        + " on one raw SoftHSM2 token (1 and 2 threads, 2 processes) and through local pools of 1, 2 and 3 nodes"
        + " over HTTPS; prints the table and, last, the pool/raw ratios.",
    "Run nothing else on the machine meanwhile: the numbers are only as quiet as the cores."},
        footerHeading = "%nExamples:%n", footer = {"  hsmpool bench --quick", "  hsmpool bench --concurrency 16 --out run.json"})
public final class Bench implements Callable<Integer> {

    @Option(names = "--quick", description = "the development suite: short rounds, a 3-node pool only (under 2 minutes)")
    boolean quick;

    @Option(names = "--suite", description = "full, quick, smoke (the CI test's) or scale (key-count scaling and node"
            + " catch-up, issue 16: about 15 minutes with the default --keys; results only in WORK, never in docs/)")
    String suiteName;

    @Option(names = "--keys", split = ",", defaultValue = "10,1000,10000",
            description = "scale suite: the key counts to measure at (default: ${DEFAULT-VALUE})")
    List<Integer> keyCounts;

    @Option(names = "--sign-seconds", defaultValue = "10",
            description = "scale suite: seconds of ES256 signing at each key count (default: ${DEFAULT-VALUE})")
    double signSeconds;

    @Option(names = "--scale-nodes", defaultValue = "3",
            description = "scale suite: nodes of the pool that grows; one more is added at the end (default: ${DEFAULT-VALUE})")
    int scaleNodes;

    @Option(names = "--concurrency", defaultValue = "8", description = "calls in flight against a pool in closed loop (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--rate", defaultValue = "0", description = "open-loop rate in calls/s (default: half the closed-loop rate of the same case)")
    double rate;

    @Option(names = "--only", defaultValue = "all", description = "raw, pool or all (default: ${DEFAULT-VALUE})")
    String only;

    @Option(names = "--work", description = "working directory for the raw token and the pools (default: HOME/target/bench)")
    Path work;

    @Option(names = "--out", description = "the JSON result file (default: WORK/bench-<time>.json)")
    Path out;

    @Option(names = "--doc", description = "markdown file to append the table to (default: WORK/bench-<time>.md; a run"
            + " never touches docs/ unless told to, e.g. --doc docs/performance.md)")
    Path doc;

    @Option(names = "--no-doc", description = "do not append to any markdown file")
    boolean noDoc;

    @Option(names = "--ops", split = ",", description = "only these operations (default: all): ${COMPLETION-CANDIDATES}")
    List<Operation> ops;

    @Option(names = "--profile", description = "record JFR (settings=profile) in each pool process into DIR/pool-N/NAME.jfr")
    Path profile;

    @Option(names = "--keep", description = "keep the pools' directories (tokens, logs) after the run")
    boolean keep;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("hsmpool.home", ".")).toAbsolutePath().normalize();
        Path workDir = (work != null ? work : home.resolve("target/bench")).toAbsolutePath();
        Files.createDirectories(workDir);
        String started = LocalDateTime.now().withNano(0).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        if ("scale".equals(suiteName)) {
            return scale(home, workDir, started);
        }
        Suite suite = Suite.named(suiteName != null ? suiteName : quick ? "quick" : "full");
        Path json = out != null ? out : workDir.resolve("bench-" + started.replace(':', '-') + ".json");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("pool warm-up s", suite.poolWarmupSeconds());
        settings.put("warm-up s per case", suite.warmupSeconds());
        settings.put("rounds", suite.rounds());
        settings.put("round s", suite.roundSeconds());
        settings.put("pool concurrency", concurrency);
        settings.put("open-loop rate", rate > 0 ? rate + "/s" : "half the closed-loop rate");
        settings.put("HTTP", "1.1 keep-alive, TLS, bearer token");

        String loadBefore = Machine.loadAverage();
        long t0 = System.nanoTime();
        SuiteRun run = new SuiteRun(suite, ops == null ? List.of(Operation.values()) : ops, home, workDir, concurrency,
                rate, keep, profile, System.out);
        List<CaseResult> cases = run.run(!only.equals("pool"), !only.equals("raw"));
        Map<String, Object> machine = Machine.describe();
        machine.put("load average at the start", loadBefore);
        Report report = new Report(suite.name(), started, (System.nanoTime() - t0) / 1e9, machine, settings, cases,
                run.startups());
        report.writeJson(json);
        if (!noDoc) {
            Path md = doc != null ? doc : workDir.resolve("bench-" + started.replace(':', '-') + ".md");
            report.appendMarkdown(md);
            System.out.println("appended to " + md);
        }
        System.out.println("results in " + json);
        System.out.println();
        System.out.print(report.table());
        run.startups().forEach(s -> System.out.print(s.markdown()));
        System.out.println(report.ratioLine());
        return 0;
    }

    private int scale(Path home, Path workDir, String started) throws Exception {
        if (scaleNodes < 1 || scaleNodes > 5) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--scale-nodes must be 1 to 5, not " + scaleNodes);
        }
        String loadBefore = Machine.loadAverage();
        long t0 = System.nanoTime();
        var run = new org.hsmpool.bench.scale.ScaleRun(home, workDir, keyCounts, scaleNodes, concurrency, signSeconds, System.out);
        var result = run.run(!only.equals("pool"), !only.equals("raw"));
        Map<String, Object> machine = Machine.describe();
        machine.put("load average at the start", loadBefore);
        var report = new org.hsmpool.bench.scale.ScaleReport(started, (System.nanoTime() - t0) / 1e9, machine,
                concurrency, result);
        String stem = "scale-" + started.replace(':', '-');
        Path json = out != null ? out : workDir.resolve(stem + ".json");
        report.writeJson(json);
        Path md = doc != null ? doc : workDir.resolve(stem + ".md");
        Files.writeString(md, report.markdown());
        System.out.println("results in " + json + " and " + md);
        System.out.println();
        System.out.print(report.markdown());
        return 0;
    }
}
