package org.hsmpool.bench.raw;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.hsmpool.bench.core.Operation;
import org.hsmpool.bench.core.Round;
import org.hsmpool.bench.core.Side;
import org.hsmpool.bench.core.Suite;
import org.hsmpool.nodeapi.provision.NodeDirectory;
import org.hsmpool.nodeapi.provision.SoftHsmDirectory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One raw set-up: {@code processes} {@link RawWorker}s on the same SoftHSM2 token, each running
 * {@code threads} threads. A round is started in every worker at once and their answers merged.
 */
public final class RawSide implements Side {
    static final String LABEL = "bench";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Suite.RawSetup setup;
    private final List<Worker> workers = new ArrayList<>();

    private record Worker(String name, Process process, PrintStream in, BufferedReader out) {
        String ask(String command) throws IOException {
            in.println(command);
            String answer = out.readLine();
            if (answer == null) {
                throw new IOException(name + " stopped; see its log");
            }
            if (answer.startsWith("fail ")) {
                throw new IOException(name + ": " + answer.substring(5));
            }
            return answer;
        }
    }

    private RawSide(Suite.RawSetup setup) {
        this.setup = setup;
    }

    /** A SoftHSM2 directory with the benchmark's token (made once; kept across runs in DIR). */
    public static SoftHsmDirectory token(Path dir) throws IOException {
        SoftHsmDirectory softhsm = new SoftHsmDirectory(dir).prepare();
        char[] pin = SoftHsmDirectory.pinFile(dir.resolve("user.pin"));
        char[] so = SoftHsmDirectory.pinFile(dir.resolve("so.pin"));
        softhsm.initToken(LABEL, pin, so);
        return softhsm;
    }

    /** Start the set-up's workers one after the other (the first one creates the keys). */
    public static RawSide start(SoftHsmDirectory token, Suite.RawSetup setup) throws IOException {
        RawSide side = new RawSide(setup);
        try {
            for (int i = 1; i <= setup.processes(); i++) {
                side.workers.add(startWorker(token, "raw-worker-" + i));
            }
        } catch (IOException | RuntimeException e) {
            side.close();
            throw e;
        }
        return side;
    }

    private static Worker startWorker(SoftHsmDirectory token, String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, NodeDirectory.ADD_EXPORTS, "-cp",
                System.getProperty("java.class.path"), RawWorker.class.getName(), SoftHsmDirectory.DEFAULT_LIBRARY,
                LABEL, token.root().resolve("user.pin").toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(token.root().resolve(name + ".log").toFile()));
        pb.environment().put("SOFTHSM2_CONF", token.confFile().toString());
        Process p = pb.start();
        Worker w = new Worker(name, p, new PrintStream(p.getOutputStream(), true, StandardCharsets.UTF_8),
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
        String first = w.out.readLine();
        if (!"ready".equals(first)) {
            p.destroyForcibly();
            throw new IOException(name + " did not start (" + first + "); see " + token.root().resolve(name + ".log"));
        }
        return w;
    }

    public String label() {
        return setup.label();
    }

    @Override
    public Map<String, Long> processes() {
        Map<String, Long> pids = new LinkedHashMap<>();
        workers.forEach(w -> pids.put(w.name, w.process.pid()));
        return pids;
    }

    @Override
    public void prepare(Operation op) throws IOException {
        for (Worker w : workers) {
            w.ask("prepare " + op.name());
        }
    }

    @Override
    public Round round(Operation op, Mode mode, double seconds) throws IOException {
        if (mode.openLoop()) {
            throw new IllegalArgumentException("the raw side runs closed loop only");
        }
        String command = "round " + op.name() + " " + setup.threads() + " " + seconds;
        workers.forEach(w -> w.in.println(command)); // all workers start together
        Round merged = null;
        for (Worker w : workers) {
            String answer = w.out.readLine();
            if (answer == null || answer.startsWith("fail ")) {
                throw new IOException(w.name + ": " + (answer == null ? "stopped" : answer.substring(5)));
            }
            JsonNode j = JSON.readTree(answer);
            Round r = new Round(j.get("ops").asLong(), j.get("errors").asLong(), j.get("seconds").asDouble(),
                    Round.decode(j.get("histogram").asText()), j.get("error").isNull() ? null : j.get("error").asText());
            merged = merged == null ? r : merged.plus(r);
        }
        return merged;
    }

    @Override
    public void close() {
        for (Worker w : workers) {
            w.in.println("quit");
            w.in.close();
            try {
                if (!w.process.waitFor(10, TimeUnit.SECONDS)) {
                    w.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                w.process.destroyForcibly();
            }
        }
    }
}
