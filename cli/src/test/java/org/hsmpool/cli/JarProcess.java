package org.hsmpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the shaded {@code hsmpool.jar} in its own process, as a user runs it, and waits for it. */
public final class JarProcess {
    private static final Path JAR = Path.of(System.getProperty("hsmpool.jar", "target/hsmpool.jar"));

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
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dhsmpool.home=" + System.getProperty("hsmpool.home", ".."), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
        return new Ran(p.exitValue(), out);
    }

    /** A port with the next {@code following} ports free too (the nodes take the ports after the manager's). */
    public static int freePorts(int following) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            boolean free = port + following < 65536;
            for (int i = 1; i <= following && free; i++) {
                try (ServerSocket s = new ServerSocket(port + i)) {
                    free = true;
                } catch (java.io.IOException busy) {
                    free = false;
                }
            }
            if (free) {
                return port;
            }
        }
        throw new IllegalStateException("no run of free ports");
    }

    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
