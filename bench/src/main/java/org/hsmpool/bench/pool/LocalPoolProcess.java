package org.hsmpool.bench.pool;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A local pool of N nodes, started and stopped through the cli ({@code hsmpool up --demo},
 * {@code hsmpool down}) exactly as an operator would, and read back from its {@code pool.json}.
 */
public final class LocalPoolProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Path dir;
    private final JsonNode poolJson;
    private final long upReturnedNanos = System.nanoTime();

    private LocalPoolProcess(Path home, Path dir, JsonNode poolJson) {
        this.home = home;
        this.dir = dir;
        this.poolJson = poolJson;
    }

    /** {@link System#nanoTime()} when {@code hsmpool up} had returned (the pool started and activated). */
    public long upReturnedNanos() {
        return upReturnedNanos;
    }

    /** Provision and start a fresh pool of {@code nodes} nodes in {@code dir}, activated. */
    public static LocalPoolProcess start(Path home, Path dir, int nodes) throws IOException, InterruptedException {
        int port = freePorts(nodes + 1);
        cli(home, dir.resolveSibling(dir.getFileName() + "-up.log"), "up", "--dir", dir.toString(), "--nodes",
                String.valueOf(nodes), "--port", String.valueOf(port), "--demo");
        JsonNode pool = JSON.readTree(Files.readString(dir.resolve("pool.json")));
        if (!pool.path("state").asText().equals("Activated")) {
            new LocalPoolProcess(home, dir, pool).close();
            throw new IOException("the pool in " + dir + " is " + pool.path("state").asText() + ", not Activated");
        }
        return new LocalPoolProcess(home, dir, pool);
    }

    public String url() {
        return poolJson.path("url").asText();
    }

    public Path caFile() {
        return Path.of(poolJson.path("caCertificate").asText());
    }

    /** The operator's bearer token from the pool's tokens file. */
    public String operatorToken() throws IOException {
        for (String line : Files.readAllLines(Path.of(poolJson.path("tokenFile").asText()))) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2 && parts[0].equals("operator")) {
                return parts[1];
            }
        }
        throw new IOException("no operator token in " + poolJson.path("tokenFile").asText());
    }

    /** The manager and node processes, by name. */
    public Map<String, Long> processes() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("manager", poolJson.path("managerPid").asLong());
        for (JsonNode n : poolJson.path("nodes")) {
            pids.put(n.path("name").asText(), n.path("pid").asLong());
        }
        return pids;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try {
            cli(home, dir.resolveSibling(dir.getFileName() + "-down.log"), "down", "--dir", dir.toString());
        } catch (IOException e) {
            processes().values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Run the cli ({@code hsmpool ARGS}) to its end, its output to {@code log}. */
    public static void cli(Path home, Path log, String... args) throws IOException, InterruptedException {
        Path jar = home.resolve("cli/target/hsmpool.jar");
        if (!Files.exists(jar)) {
            throw new IOException(jar + " is missing; build it with ./mvnw -pl bench -am package -DskipTests");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Dhsmpool.home=" + home, "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("hsmpool " + args[0] + " did not finish in 5 minutes; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IOException("hsmpool " + args[0] + " failed (exit " + p.exitValue() + "); see " + log);
        }
    }

    /** A port P such that P..P+count-1 are free now (the manager takes P, the nodes the next ones). */
    private static int freePorts(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20000 + ThreadLocalRandom.current().nextInt(30000);
            boolean free = true;
            for (int p = base; p < base + count && free; p++) {
                try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                    s.setReuseAddress(true);
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no " + count + " free consecutive ports found");
    }
}
