package org.hsmpool.bench.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import org.hsmpool.nodeapi.provision.LoopbackPorts;
import org.hsmpool.testkit.HsmpoolJar;
import org.hsmpool.testkit.UpPool;

/**
 * A local pool of N nodes, started and stopped through the cli ({@code hsmpool up --demo},
 * {@code hsmpool down}) exactly as an operator would, and read back from its {@code pool.json}: the
 * shared harness's {@link UpPool}, which the cli's tests use too. What each command printed goes to
 * {@code DIR-up.log} and {@code DIR-down.log} next to the pool's directory.
 */
public final class LocalPoolProcess implements AutoCloseable {
    private final UpPool pool;

    private LocalPoolProcess(UpPool pool) {
        this.pool = pool;
    }

    /** {@link System#nanoTime()} when {@code hsmpool up} had returned (the pool started and activated). */
    public long upReturnedNanos() {
        return pool.upReturnedNanos();
    }

    /** Provision and start a fresh pool of {@code nodes} nodes in {@code dir}, activated. */
    public static LocalPoolProcess start(Path home, Path dir, int nodes) throws IOException, InterruptedException {
        // below the ephemeral range, with the nodes' ports after it free too; hsmpool up moves a node whose port is taken
        int port = LoopbackPorts.freeRun(nodes + 1);
        UpPool pool;
        try {
            pool = UpPool.up(home, dir, "--nodes", String.valueOf(nodes), "--port", String.valueOf(port), "--demo");
        } catch (IOException e) {
            log(logFile(dir, "up"), e.getMessage());
            throw new IOException("hsmpool up failed; see " + logFile(dir, "up"), e);
        }
        log(logFile(dir, "up"), pool.output());
        LocalPoolProcess started = new LocalPoolProcess(pool);
        if (!pool.state().equals("Activated")) {
            started.close();
            throw new IOException("the pool in " + dir + " is " + pool.state() + ", not Activated");
        }
        return started;
    }

    public String url() {
        return pool.url();
    }

    public Path caFile() {
        return pool.caFile();
    }

    /** The operator's bearer token from the pool's tokens file. */
    public String operatorToken() {
        return pool.token();
    }

    /** The manager and node processes, by name. */
    public Map<String, Long> processes() {
        return pool.processes();
    }

    public Path dir() {
        return pool.dir();
    }

    @Override
    public void close() {
        try {
            pool.close();
        } catch (IOException e) {
            log(logFile(pool.dir(), "down"), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Run the cli ({@code hsmpool ARGS}) to its end, its output to {@code log}. */
    public static void cli(Path home, Path log, String... args) throws IOException, InterruptedException {
        HsmpoolJar.Ran ran = HsmpoolJar.run(home, Map.of(), args);
        log(log, ran.output());
        if (ran.exit() != 0) {
            throw new IOException("hsmpool " + args[0] + " failed (exit " + ran.exit() + "); see " + log);
        }
    }

    private static Path logFile(Path dir, String command) {
        return dir.resolveSibling(dir.getFileName() + "-" + command + ".log");
    }

    private static void log(Path log, String text) {
        try {
            Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot write " + log + ": " + e.getMessage());
        }
    }
}
