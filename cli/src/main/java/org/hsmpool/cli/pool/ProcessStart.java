package org.hsmpool.cli.pool;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.hsmpool.cli.common.UserError;
import org.hsmpool.nodeapi.provision.LoopbackPorts;
import org.hsmpool.nodeapi.provision.ProcessLog;

/**
 * One node or manager process that {@code hsmpool up} or {@code hsmpool node add} starts, until it listens
 * (Quarkus logs "Listening on:" once the API and the management interface are bound).
 *
 * <p>A port is free when it is chosen and can be taken before the process binds it. Ports the cli chose
 * itself (the nodes' of a new pool and of {@code node add}, every management port, the managers' behind a
 * load balancer) are preferred where the pool's layout puts them, else taken from below the kernel's
 * ephemeral range ({@link LoopbackPorts}); a start that could not bind one is started again on a fresh one, up
 * to {@value #ATTEMPTS} times. A port given by the operator ({@code --port}) or one others rely on (a node's
 * endpoint that {@code pool.json} and the manager's store record) is never moved: taken, it is the operator's
 * error at once, naming the port and the process. A process that exits for any other reason is reported at
 * once: which one, its exit code, its log file and the log's last errors.
 */
final class ProcessStart {
    static final int ATTEMPTS = 3;
    /** From launch to listening: a JVM on a busy machine; a dead process is reported long before. */
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(120);
    /** Ports handed out by this cli process, so that two of its processes are never given the same one. */
    private static final Set<Integer> CLAIMED = new HashSet<>();

    /** How the process is started on a pair of ports. */
    interface Launcher {
        Process launch(int port, int managementPort) throws IOException;
    }

    private final String who;
    private final ProcessLog log;
    private final Launcher launcher;
    /** Why the API port may not move (e.g. "--port"), or null when it is the cli's own choice. */
    private final String fixedBecause;
    private int port;
    private int managementPort;
    private Process process;
    private int attempt;
    private boolean listening;

    private ProcessStart(String who, ProcessLog log, Launcher launcher, int port, String fixedBecause, int managementPort) {
        this.who = who;
        this.log = log;
        this.launcher = launcher;
        this.port = port;
        this.fixedBecause = fixedBecause;
        this.managementPort = managementPort;
    }

    /**
     * Launches {@code who} on {@code port}, fixed for the reason given (the caller checked it with {@link
     * #requireFree}) or, when {@code fixedBecause} is null, the cli's choice ({@link #ownPort}), and its
     * management port ({@link #ownPort}).
     */
    static ProcessStart launch(String who, ProcessLog log, Launcher launcher, int port, String fixedBecause,
            int managementPort) throws IOException {
        ProcessStart start = new ProcessStart(who, log, launcher, port, fixedBecause, managementPort);
        start.launch();
        return start;
    }

    /** {@code preferred} where the pool's layout puts a port, if free and outside the ephemeral range; else a fresh one. */
    static synchronized int ownPort(int preferred) throws IOException {
        int port = preferred > 0 && preferred <= 65535 && !LoopbackPorts.ephemeral(preferred) && !CLAIMED.contains(preferred)
                && LoopbackPorts.bindable(preferred) ? preferred : LoopbackPorts.free();
        while (!CLAIMED.add(port)) {
            port = LoopbackPorts.free();
        }
        return port;
    }

    /** Refuses, before anything starts, a port that may not move and is taken. */
    static void requireFree(String who, int port, String because) {
        if (!LoopbackPorts.bindable(port)) {
            throw new UserError(taken(who, port, because));
        }
        synchronized (ProcessStart.class) {
            CLAIMED.add(port);
        }
    }

    private static String taken(String who, int port, String because) {
        return who + " cannot listen on 127.0.0.1:" + port + " (" + because + "): another process has that port; find"
                + " it with: ss -ltnp 'sport = :" + port + "'";
    }

    private void launch() throws IOException {
        attempt++;
        listening = false;
        log.mark();
        process = launcher.launch(port, managementPort);
    }

    /**
     * True once the process listens. A process that could not bind a port of the cli's own is started again on a
     * fresh one (said on {@code out}); any other exit is a {@link UserError}.
     */
    boolean poll(PrintWriter out) throws IOException {
        if (listening) {
            return true;
        }
        if (process.isAlive()) {
            listening = log.started();
            return listening;
        }
        OptionalInt taken = log.takenPort();
        boolean bindFailed = taken.isPresent() || log.bindFailed();
        if (!bindFailed) {
            throw died();
        }
        if (fixedBecause != null && (taken.isEmpty() || taken.getAsInt() == port)) {
            if (taken.isPresent()) {
                throw new UserError(taken(who, port, fixedBecause) + "; it was taken after the check before " + who
                        + " started. " + logEnd());
            }
            throw new UserError(who + " could not bind a port (API " + port + ", management " + managementPort
                    + "): " + logEnd());
        }
        if (attempt == ATTEMPTS) {
            throw new UserError(who + " could not bind its ports in " + ATTEMPTS + " starts (the last: API " + port
                    + ", management " + managementPort + "). " + logEnd());
        }
        int was = taken.orElse(-1);
        if (fixedBecause == null && (taken.isEmpty() || was == port)) {
            port = ownPort(0);
        }
        if (taken.isEmpty() || was == managementPort) {
            managementPort = ownPort(0);
        }
        out.println();
        out.println(who + ": port " + (taken.isPresent() ? was + " was" : "a port was") + " taken by another process"
                + " before it bound it; starting it again on " + port + " (management " + managementPort + ")");
        out.flush();
        launch();
        return false;
    }

    /** Launches every start and waits until all listen; a {@link UserError} when one cannot start. */
    static void awaitListening(List<ProcessStart> starts, PrintWriter out) throws IOException, InterruptedException {
        Instant until = Instant.now().plus(LISTEN_TIMEOUT);
        while (true) {
            boolean all = true;
            for (ProcessStart s : starts) {
                all &= s.poll(out);
            }
            if (all) {
                return;
            }
            if (Instant.now().isAfter(until)) {
                ProcessStart late = starts.stream().filter(s -> !s.listening).findFirst().orElseThrow();
                throw new UserError(late.who + " (pid " + late.pid() + ") still runs but has not bound its ports (API "
                        + late.port + ", management " + late.managementPort + ") within " + LISTEN_TIMEOUT.toSeconds()
                        + " s. " + late.logEnd());
            }
            Thread.sleep(100);
        }
    }

    /** A {@link UserError} when the process has exited since it listened (a node that died while the pool waits for it). */
    void requireRunning() {
        if (!process.isAlive()) {
            throw died();
        }
    }

    private UserError died() {
        return new UserError(who + " (pid " + process.pid() + ") exited with code " + process.exitValue()
                + " while starting. " + logEnd());
    }

    private String logEnd() {
        String errors = log.errors(12);
        return "Its log is " + log.file() + (errors.isEmpty() ? ", which ends:\n" + log.tail(15) : "; its errors:\n" + errors);
    }

    /** Stops the process (SIGTERM, then SIGKILL): what a failed start leaves must not keep running. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Stops it and starts it again on the same ports (a manager whose nodes moved). */
    void restart() throws IOException, InterruptedException {
        stop();
        attempt = 0;
        launch();
    }

    String who() {
        return who;
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    int managementPort() {
        return managementPort;
    }
}
