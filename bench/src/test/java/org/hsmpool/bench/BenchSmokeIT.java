package org.hsmpool.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.hsmpool.bench.core.Operation;
import org.hsmpool.bench.pool.Wrk;

/**
 * The packaged benchmark, run as {@code hsmpool bench} runs it, in its smallest suite (raw with one
 * thread, a one-node pool, every operation, both loop modes, ES256 once more with wrk as the client when
 * wrk is installed): it finishes, its JSON holds every case
 * with sane numbers and no failed call, the markdown table is written, and the ratio line comes last.
 */
class BenchSmokeIT {
    private static final Path JAR = Path.of(System.getProperty("hsmpool.bench.jar", "target/hsmpool-bench.jar"));
    private static final Path HOME = Path.of(System.getProperty("hsmpool.home", ".."));
    private static final Path WORK = Path.of(System.getProperty("hsmpool.test.work", "target/smoke"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void smokeSuiteMeasuresEveryCaseOnBothSidesAndEndsWithTheRatioLine() throws Exception {
        Files.createDirectories(WORK);
        Path json = WORK.resolve("smoke.json");
        Path md = WORK.resolve("smoke.md");
        Files.deleteIfExists(json);
        Files.deleteIfExists(md);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Dhsmpool.home=" + HOME.toAbsolutePath(), "-jar", JAR.toString(),
                "--suite", "smoke", "--work", WORK.toString(), "--out", json.toString(), "--doc", md.toString())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).as("finished within 150 s").isTrue();
        assertThat(p.exitValue()).as(output).isZero();

        JsonNode root = JSON.readTree(Files.readString(json));
        assertThat(root.path("suite").asText()).isEqualTo("smoke");
        assertThat(root.path("machine").path("cores").asInt()).isPositive();
        Set<String> cases = new TreeSet<>();
        for (JsonNode c : root.path("cases")) {
            String name = c.path("side").asText() + "/" + c.path("setup").asText() + "/" + c.path("operation").asText()
                    + "/" + c.path("mode").asText().split(" ")[0];
            cases.add(name);
            assertThat(c.path("ops").asLong()).as(name + " completed calls").isPositive();
            if (c.path("operation").asText().equals(Operation.RSA_2048_CREATE.name())) {
                // concurrent creates have been seen to fail now and then with 500 "failed in the HSM"
                // (docs/performance.md, open findings): a pool bug the benchmark reports, not a broken benchmark
                assertThat(c.path("errors").asLong()).as(name + " failed calls: " + c.path("first_error"))
                        .isLessThan(c.path("ops").asLong());
            } else {
                assertThat(c.path("errors").asLong()).as(name + " failed calls: " + c.path("first_error")).isZero();
            }
            for (String field : List.of("ops_per_s", "p50_ms", "p99_ms", "p99_9_ms")) {
                assertThat(c.path(field).isNumber()).as(name + " " + field).isTrue();
                assertThat(c.path(field).asDouble()).as(name + " " + field).isPositive();
            }
            assertThat(c.path("p50_ms").asDouble()).as(name).isLessThanOrEqualTo(c.path("p99_9_ms").asDouble());
            assertThat(c.path("cpu_s_per_1000_ops").size()).as(name + " processes with CPU figures").isPositive();
            c.path("cpu_s_per_1000_ops").forEach(v -> assertThat(v.asDouble()).as(name + " CPU").isNotNegative());
        }
        List<String> expected = new ArrayList<>();
        for (Operation op : Operation.values()) {
            expected.add("raw/1 thread/" + op.name() + "/closed");
            expected.add("pool/1 node/" + op.name() + "/closed");
            if (op.ratioName() != null) {
                expected.add("pool/1 node/" + op.name() + "/open");
            }
        }
        if (Wrk.available()) { // the launcher installs wrk; without it the wrk case is left out, saying so
            expected.add("pool/1 node/" + Operation.ES256_SIGN.name() + "/wrk");
            JsonNode wrkCase = null;
            for (JsonNode c : root.path("cases")) {
                wrkCase = c.path("mode").asText().startsWith("wrk") ? c : wrkCase;
            }
            assertThat(wrkCase.path("cpu_s_per_1000_ops").path("wrk").asDouble()).as("wrk's own CPU").isPositive();
            assertThat(wrkCase.path("cpu_s_per_1000_ops").path("manager").asDouble()).as("the manager's CPU").isPositive();
            assertThat(root.path("wrk_ratios").fieldNames()).toIterable().containsExactly("ES256");
        } else {
            assertThat(output).contains("wrk is not on the PATH");
        }
        assertThat(cases).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(root.path("ratios").fieldNames()).toIterable().containsExactly("RS256", "ES256", "A256GCM",
                "ML-DSA-65");
        root.path("ratios").forEach(v -> assertThat(v.asDouble()).isPositive());

        assertThat(Files.readString(md)).contains("| side | set-up | operation |").contains("| pool | 1 node |");
        List<String> lines = output.strip().lines().toList();
        assertThat(lines.get(lines.size() - 1)).startsWith("pool/raw ops/s").contains("RS256").contains("ES256")
                .contains("A256GCM").contains("ML-DSA-65");
    }

    /** The scale suite in miniature (the real one, to 10,000 keys, is opt-in and takes ~15 minutes). */
    @Test
    void scaleSuiteReportsCreateRateSignLatencyAndNodeCatchUpWithoutTouchingTheDocs() throws Exception {
        Path work = WORK.resolve("scale");
        Files.createDirectories(work);
        Path json = work.resolve("scale.json");
        Files.deleteIfExists(json);
        Path docs = HOME.resolve("docs/performance.md");
        long docsBefore = Files.exists(docs) ? Files.getLastModifiedTime(docs).toMillis() : 0;
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Dhsmpool.home=" + HOME.toAbsolutePath(), "-jar", JAR.toString(),
                "--suite", "scale", "--keys", "5,30", "--sign-seconds", "1", "--scale-nodes", "1", "--work", work.toString(), "--out",
                json.toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("finished within 240 s").isTrue();
        assertThat(p.exitValue()).as(output).isZero();

        JsonNode root = JSON.readTree(Files.readString(json));
        assertThat(root.path("raw").size()).isEqualTo(3); // two key counts and the reopen
        assertThat(root.path("raw").get(1).path("keys").asInt()).isEqualTo(30);
        assertThat(root.path("raw").get(1).path("createPerSecond").asDouble()).isPositive();
        assertThat(root.path("pool").size()).isEqualTo(2);
        for (JsonNode step : root.path("pool")) {
            assertThat(step.path("createPerSecond").asDouble()).as(step.toString()).isPositive();
            assertThat(step.path("signPerSecond").asDouble()).as(step.toString()).isPositive();
            assertThat(step.path("signErrors").asLong()).as(step.toString()).isZero();
            assertThat(step.path("signP50Ms").asDouble()).as(step.toString()).isPositive();
        }
        assertThat(root.path("nodeAddKeys").asInt()).isEqualTo(30);
        assertThat(root.path("nodeAddSeconds").asDouble()).isPositive();
        assertThat(output).contains("| keys | create/s since the last row").contains("`hsmpool node add` to the pool of 30 keys");
        try (var files = Files.list(work)) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("scale-") && n.endsWith(".md"));
        }
        assertThat(Files.exists(docs) ? Files.getLastModifiedTime(docs).toMillis() : 0).as("docs/ untouched")
                .isEqualTo(docsBefore);
    }
}
