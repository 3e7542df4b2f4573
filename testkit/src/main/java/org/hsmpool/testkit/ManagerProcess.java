package org.hsmpool.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.hsmpool.nodeapi.provision.LoopbackPorts;
import org.hsmpool.nodeapi.provision.ProcessLog;

/**
 * A real pool-manager process (the packaged Quarkus application) with its own SQLite store, the
 * pool CA's manager identity, and the nodes it is given, on free loopback ports ({@link LoopbackPorts}). Output
 * goes to {@code manager.log}. A start that fails to bind a port (taken by another process after it was
 * chosen) is started again on fresh ports, up to {@value NodeProcess#BIND_ATTEMPTS} times: {@link #port()}
 * is only known once {@link #start()} has returned.
 */
public final class ManagerProcess implements AutoCloseable {
    private static final Path JAR = Path.of(System.getProperty("hsmpool.test.manager.jar",
            "target/quarkus-app/quarkus-run.jar"));

    private final Path dir;
    private int port;
    private int managementPort;
    private final Map<String, String> nodes;
    private final Path tokenFile;
    private final Map<String, String> properties;
    private final String name;
    private final List<String> jvmOptions;
    private final ProcessLog log;
    private Process process;
    /** The test killed or closed the process: its exit is not a failure. */
    private boolean exitExpected;

    /** {@code properties}: more configuration for this manager, e.g. {@code hsmpool.pool.limits.max-concurrent-requests}. */
    public ManagerProcess(Path dir, Map<String, String> nodes, Path tokenFile, Map<String, String> properties)
            throws IOException {
        this(dir, "manager", nodes, tokenFile, properties);
    }

    /** A manager named {@code name}: its log is {@code <name>.log} in {@code dir}. */
    public ManagerProcess(Path dir, String name, Map<String, String> nodes, Path tokenFile, Map<String, String> properties)
            throws IOException {
        this(dir, name, nodes, tokenFile, properties, TestJvm.options());
    }

    /** {@code jvmOptions}: the JVM's options, {@link TestJvm#options()} unless a test needs others. */
    public ManagerProcess(Path dir, String name, Map<String, String> nodes, Path tokenFile, Map<String, String> properties,
            List<String> jvmOptions) throws IOException {
        this.name = name;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.dir = dir;
        this.nodes = nodes;
        this.tokenFile = tokenFile;
        this.properties = Map.copyOf(properties);
        this.log = new ProcessLog(dir.resolve(name + ".log"));
    }

    /** Start the process and wait until it has bound its ports; fail with the end of its log if it exits. */
    public ManagerProcess start() throws IOException, InterruptedException {
        for (int attempt = 1;; attempt++) {
            port = LoopbackPorts.free();
            managementPort = LoopbackPorts.free();
            launch();
            if (awaitListening()) {
                return this;
            }
            if (attempt == NodeProcess.BIND_ATTEMPTS) {
                throw new IllegalStateException(name + " could not bind its ports in " + attempt + " starts (API "
                        + port + ", management " + managementPort + "):\n" + log.tail());
            }
        }
    }

    private void launch() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java));
        TestJvm.Launch jvm = TestJvm.launch(JAR, jvmOptions);
        cmd.addAll(jvm.options());
        cmd.addAll(List.of(
                "-Dhsmpool.pool.store=" + dir.resolve("pool.db"),
                "-Dhsmpool.pool.port=" + port,
                "-Dhsmpool.pool.management-port=" + managementPort,
                "-Dhsmpool.pool.tls.certificate=" + dir.resolve("manager/manager.crt"),
                "-Dhsmpool.pool.tls.key=" + dir.resolve("manager/manager.key"),
                "-Dhsmpool.pool.tls.ca=" + dir.resolve("ca/ca.crt"),
                "-Dhsmpool.pool.auth.token-file=" + tokenFile,
                "-Dhsmpool.pool.timing.health-interval=300ms"));
        nodes.forEach((name, endpoint) -> cmd.add("-Dhsmpool.pool.nodes." + name + "=" + endpoint));
        properties.forEach((name, value) -> cmd.add("-D" + name + "=" + value));
        cmd.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        log.mark();
        exitExpected = false;
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        jvm.started(process);
    }

    /** True once every listener is bound, false if the process exited because a port was taken. */
    private boolean awaitListening() throws IOException, InterruptedException {
        Instant until = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                if (log.bindFailed()) {
                    return false;
                }
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + log.tail());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                if (log.started()) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(name + " did not listen within 60 s:\n" + log.tail());
    }

    /** Fail if the process has ended without the test killing or closing it: its name, exit code, end of its log. */
    public void requireRunning() {
        ChildProcesses.requireRunning(process, exitExpected, name + " (port " + port + ")", log);
    }

    public void kill() throws InterruptedException {
        exitExpected = true;
        ChildProcesses.kill(process);
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    /** The plain-HTTP management interface on loopback: metrics and the OpenAPI document. */
    public int managementPort() {
        return managementPort;
    }

    public Path log() {
        return log.file();
    }

    /** SIGSTOP (a paused process: it keeps its connections open and does nothing) or SIGCONT. */
    public void signal(String signal) throws IOException, InterruptedException {
        exitExpected |= ChildProcesses.ends(signal);
        ChildProcesses.signal(process, signal);
    }

    public String logText() throws IOException {
        return log.text();
    }

    @Override
    public void close() throws InterruptedException {
        exitExpected = true;
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
