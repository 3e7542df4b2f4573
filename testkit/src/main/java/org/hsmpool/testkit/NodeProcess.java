package org.hsmpool.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.hsmpool.nodeapi.provision.LoopbackPorts;
import org.hsmpool.nodeapi.provision.NodeDirectory;
import org.hsmpool.nodeapi.provision.ProcessLog;
import org.hsmpool.nodeapi.provision.SoftHsmDirectory;

/**
 * A real hsm-node process (the packaged Quarkus application) on its own SoftHSM2 token directory,
 * with its own SOFTHSM2_CONF, a random PIN in a 0600 file and a pool-CA certificate, on free
 * loopback ports ({@link LoopbackPorts}). Its output goes to {@code node.log} in its directory.
 *
 * <p>A start that fails to bind a port (taken by another process after it was chosen) is started again
 * on fresh ports, up to {@value #BIND_ATTEMPTS} times; its API port only until {@link #port()} has been
 * handed out (after that a manager may have it in its configuration, so only the management port moves).
 */
public final class NodeProcess implements AutoCloseable {
    private static final Path JAR = Path.of(System.getProperty("hsmpool.test.node.jar",
            "target/quarkus-app/quarkus-run.jar"));
    /** The PKCS#11 library of the nodes' tokens (and of in-process token tests): SoftHSM2's unless configured. */
    public static final String LIBRARY = System.getProperty("hsmpool.test.pkcs11.library",
            SoftHsmDirectory.DEFAULT_LIBRARY);

    static final int BIND_ATTEMPTS = 3;

    private final String name;
    private final Path dir;
    private final Path pinFile;
    private final ProcessLog log;
    private int port;
    private int managementPort;
    /** {@link #port()} was handed out: a restart must keep it. */
    private boolean portPublished;
    /** The test stopped, killed or signalled the process: its exit is not a failure. */
    private boolean exitExpected;
    private List<String> systemProperties = List.of();
    private Process process;

    public static final class Builder {
        private final TestPool pool;
        private final String name;
        private String pinOverride;
        private int[] firstPorts;
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
         * Try these API and management ports first instead of free ones (0: a free one): for a test of a start
         * on a port another process took meanwhile, which must end on a fresh one.
         */
        public Builder firstPorts(int api, int management) {
            this.firstPorts = new int[] {api, management};
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
            NodeProcess node = new NodeProcess(name, dir, pinFile);
            if (firstPorts != null) {
                node.port = firstPorts[0] == 0 ? node.port : firstPorts[0];
                node.managementPort = firstPorts[1] == 0 ? node.managementPort : firstPorts[1];
            }
            node.systemProperties = List.copyOf(systemProperties);
            node.launch();
            return node;
        }
    }

    private NodeProcess(String name, Path dir, Path pinFile) throws IOException {
        this.name = name;
        this.dir = dir;
        this.pinFile = pinFile;
        this.log = new ProcessLog(dir.resolve("node.log"));
        this.port = LoopbackPorts.free();
        // an explicit management port: with port 0 the node would bind a random port at start,
        // which can be the one just chosen for the next node (seen in CI)
        this.managementPort = LoopbackPorts.free();
    }

    private void launch() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        TestJvm.Launch jvm = TestJvm.launch(JAR); // per start: a restart may map the archive a first start wrote
        List<String> options = new ArrayList<>(jvm.options());
        options.add("-Dhsmpool.node.management-port=" + managementPort);
        options.addAll(systemProperties); // the caller's own management port wins
        log.mark();
        exitExpected = false;
        process = new NodeDirectory(dir, name).command(java, JAR, LIBRARY, port, pinFile, options).start();
        jvm.started(process);
    }

    /**
     * Wait until the node serves its token and has bound all its ports; start it again on fresh ports if
     * it could not bind one; fail with the end of its log if it exits otherwise.
     */
    public NodeProcess awaitReady() throws IOException, InterruptedException {
        for (int attempt = 1;; attempt++) {
            if (awaitListening()) {
                return this;
            }
            if (attempt == BIND_ATTEMPTS) {
                throw new IllegalStateException("node " + name + " could not bind its ports in " + BIND_ATTEMPTS
                        + " starts (API " + port + ", management " + managementPort + "):\n" + log.tail());
            }
            if (!portPublished) {
                port = LoopbackPorts.free();
            }
            managementPort = LoopbackPorts.free();
            launch();
        }
    }

    /** True once ready, false if the process exited because a port was taken. */
    private boolean awaitListening() throws IOException, InterruptedException {
        Instant until = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                if (log.bindFailed()) {
                    return false;
                }
                throw new IllegalStateException("node " + name + " exited with " + process.exitValue() + ":\n"
                        + log.tail());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                // "serving token" comes before the listeners are bound: a port taken later still ends the process
                String text = log.sinceStart();
                if (text.contains("serving token") && text.contains("Listening on:")) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("node " + name + " did not become ready in 60 s:\n" + log.tail());
    }

    /**
     * Fail if the process has ended without the test stopping, killing or signalling it (a node that died
     * while a test waits for the pool): its name, exit code and the end of its log.
     */
    public void requireRunning() {
        ChildProcesses.requireRunning(process, exitExpected, "node " + name + " (port " + port + ")", log);
    }

    /** Wait for the process to end (for nodes that must refuse to start). */
    public int awaitExit(Duration timeout) throws InterruptedException, IOException {
        exitExpected = true;
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("node " + name + " is still running:\n" + log.tail());
        }
        return process.exitValue();
    }

    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
        awaitReady();
    }

    public void stop() throws InterruptedException {
        exitExpected = true;
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
        exitExpected |= ChildProcesses.ends(signal);
        ChildProcesses.signal(process, signal);
    }

    public void kill() throws InterruptedException {
        exitExpected = true;
        ChildProcesses.kill(process);
    }

    public String name() {
        return name;
    }

    /** The current process's id. */
    public long pid() {
        return process.pid();
    }

    /** The API (gRPC) port; from now on kept across restarts. */
    public int port() {
        portPublished = true;
        return port;
    }

    /** The management interface's port (health, metrics), unless a system property of the test set its own. */
    public int managementPort() {
        return managementPort;
    }

    public Path dir() {
        return dir;
    }

    public Path log() {
        return log.file();
    }

    public String logText() throws IOException {
        return log.text();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
