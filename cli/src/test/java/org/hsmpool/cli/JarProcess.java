package org.hsmpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.hsmpool.nodeapi.provision.LoopbackPorts;
import org.hsmpool.testkit.HsmpoolJar;

/** Runs the shaded {@code hsmpool.jar} in its own process, as a user runs it, and waits for it: the shared harness's {@link HsmpoolJar}. */
public final class JarProcess {
    /** The project's directory; the jar is {@code -Dhsmpool.jar} ({@link HsmpoolJar}). */
    static final Path HOME = Path.of(System.getProperty("hsmpool.home", ".."));

    private JarProcess() {
    }

    /** What a run printed (stdout and stderr together) and its exit code. */
    public record Ran(int exit, String output) {
    }

    /** Runs and requires exit code 0. */
    public static String run(String... args) throws Exception {
        Ran ran = java(args);
        assertThat(ran.exit()).as(ran.output()).isZero();
        return ran.output();
    }

    public static Ran java(String... args) throws Exception {
        return java(java.util.Map.of(), args);
    }

    /** Runs and requires exit code 0, with {@code environment} added to this process's. */
    public static String run(java.util.Map<String, String> environment, String... args) throws Exception {
        Ran ran = java(environment, args);
        assertThat(ran.exit()).as(ran.output()).isZero();
        return ran.output();
    }

    public static Ran java(java.util.Map<String, String> environment, String... args) throws Exception {
        HsmpoolJar.Ran ran = HsmpoolJar.run(HOME, environment, args);
        return new Ran(ran.exit(), ran.output());
    }

    /**
     * A port with the next {@code following} ports free too (the nodes take the ports after the manager's), below
     * the ephemeral range, where no outgoing connection takes it before the pool binds it.
     */
    public static int freePorts(int following) throws Exception {
        return LoopbackPorts.freeRun(following + 1);
    }

    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
