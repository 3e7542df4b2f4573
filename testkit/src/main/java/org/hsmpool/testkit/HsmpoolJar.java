package org.hsmpool.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cli's shaded {@code hsmpool.jar} run in its own process, as a user runs it ({@code java
 * -Dhsmpool.home=HOME -jar hsmpool.jar ARGS}, no terminal: standard input is {@code /dev/null}), to its end.
 * The jar is {@code -Dhsmpool.jar}, or {@code cli/target/hsmpool.jar} under the project's home.
 */
public final class HsmpoolJar {

    private HsmpoolJar() {
    }

    /** What a run printed (standard output and error together) and its exit code. */
    public record Ran(int exit, String output) {
    }

    public static Path jar(Path home) {
        String configured = System.getProperty("hsmpool.jar");
        return configured != null ? Path.of(configured) : home.resolve("cli/target/hsmpool.jar");
    }

    /** Run {@code hsmpool ARGS} with {@code environment} added to this process's; it must end within 5 minutes. */
    public static Ran run(Path home, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        Path jar = jar(home);
        if (!jar.toFile().isFile()) {
            throw new IOException(jar + " is missing; build it with ./mvnw -pl cli -am package -DskipTests");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the JVM's own JIT (the cli's PBKDF2 needs C2), with the jar's class-data-sharing archive: the tests run
        // the jar some hundred times, and most of each short run is class loading
        TestJvm.Launch launch = TestJvm.launch(jar, List.of());
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(launch.options());
        command.addAll(List.of("-Dhsmpool.home=" + home, "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process p = builder.start();
        launch.started(p);
        // the pool's processes write to their own logs, so the output ends when the command does
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("hsmpool " + String.join(" ", args) + " did not finish in 5 minutes:\n" + output);
        }
        return new Ran(p.exitValue(), output);
    }
}
