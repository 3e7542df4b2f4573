package org.hsmpool.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.hsmpool.nodeapi.provision.NodeDirectory;
import org.hsmpool.nodeapi.provision.SoftHsmDirectory;

/**
 * A real hsm-node process (the packaged Quarkus application) on its own SoftHSM2 token directory,
 * with its own SOFTHSM2_CONF, a random PIN in a 0600 file and a pool-CA certificate, on a free
 * loopback port. Its output goes to {@code node.log} in its directory.
 */
public final class NodeProcess implements AutoCloseable {
    private static final Path JAR = Path.of(System.getProperty("hsmpool.test.node.jar",
            "target/quarkus-app/quarkus-run.jar"));
    /** The PKCS#11 library of the nodes' tokens (and of in-process token tests): SoftHSM2's unless configured. */
    public static final String LIBRARY = System.getProperty("hsmpool.test.pkcs11.library",
            SoftHsmDirectory.DEFAULT_LIBRARY);

    private final String name;
    private final Path dir;
    private final Path pinFile;
    private final int port;
    private List<String> systemProperties = List.of();
    private Process process;

    public static final class Builder {
        private final TestPool pool;
        private final String name;
        private String pinOverride;
        private final List<String> systemProperties = new ArrayList<>();

        Builder(TestPool pool, String name) {
            this.pool = pool;
            this.name = name;
        }

        /** Start with this PIN in the PIN file instead of the token's real one. */
        public Builder wrongPin(String pin) {
            this.pinOverride = pin;
            return this;
        }

        /**
         * Start the node with this extra system property, e.g.
         * {@code systemProperty("quarkus.log.category.\"org.hsmpool\".level", "DEBUG")}; kept across restarts.
         */
        public Builder systemProperty(String key, String value) {
            systemProperties.add("-D" + key + "=" + value);
            return this;
        }

        public NodeProcess start() throws IOException, InterruptedException {
            Path dir = pool.dir().resolve(name);
            NodeDirectory.provision(dir, name, pool.ca(), pool.caFile());
            Path pinFile = dir.resolve("user.pin");
            if (pinOverride != null) {
                pinFile = dir.resolve("wrong.pin");
                Files.writeString(pinFile, pinOverride, StandardCharsets.UTF_8);
            }
            NodeProcess node = new NodeProcess(name, dir, pinFile, freePort());
            // an explicit management port: with port 0 the node would bind a random port at start,
            // which can be the one just chosen for the next node (seen in CI); the caller's own wins
            List<String> properties = new ArrayList<>();
            properties.add("-Dhsmpool.node.management-port=" + freePort());
            properties.addAll(systemProperties);
            node.systemProperties = List.copyOf(properties);
            node.launch();
            return node;
        }
    }

    private NodeProcess(String name, Path dir, Path pinFile, int port) {
        this.name = name;
        this.dir = dir;
        this.pinFile = pinFile;
        this.port = port;
    }

    private void launch() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        TestJvm.Launch jvm = TestJvm.launch(JAR); // per start: a restart may map the archive a first start wrote
        List<String> options = new ArrayList<>(jvm.options());
        options.addAll(systemProperties);
        process = new NodeDirectory(dir, name).command(java, JAR, LIBRARY, port, pinFile, options).start();
        jvm.started(process);
    }

    /** Wait until the node accepts connections; fail with its log if it exits first. */
    public NodeProcess awaitReady() throws IOException, InterruptedException {
        Instant until = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + name + " exited with " + process.exitValue() + ":\n"
                        + logText());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                if (logText().contains("serving token")) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("node " + name + " did not become ready in 60 s:\n" + logText());
    }

    /** Wait for the process to end (for nodes that must refuse to start). */
    public int awaitExit(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("node " + name + " is still running:\n" + logText());
        }
        return process.exitValue();
    }

    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
        awaitReady();
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * Stop the node and replace its token by a freshly initialised, empty one with the same label
     * and PINs: a lost or replaced HSM.
     */
    public void wipeToken() throws IOException, InterruptedException {
        stop();
        Path tokens = dir.resolve("softhsm/tokens");
        try (var walk = Files.walk(tokens)) {
            walk.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(tokens)).forEach(p -> p.toFile().delete());
        }
        new SoftHsmDirectory(dir.resolve("softhsm")).initToken(name, SoftHsmDirectory.pinFile(dir.resolve("user.pin")),
                SoftHsmDirectory.pinFile(dir.resolve("so.pin")));
    }

    /** Start a stopped (or killed) node again with the same configuration. */
    public NodeProcess startAgain() throws IOException, InterruptedException {
        stop();
        launch();
        return awaitReady();
    }

    /** SIGSTOP (a hung node: its connections stay open and nothing answers) or SIGCONT. */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public Path log() {
        return dir.resolve("node.log");
    }

    public String logText() throws IOException {
        return Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
