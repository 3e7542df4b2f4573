package org.hsmpool.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JDK Flight Recorder recording (settings=profile) in each of a pool's processes, started and
 * dumped with {@code jcmd}, for {@code hsmpool bench --profile DIR}. Read it with
 * {@code jfr print --events jdk.ExecutionSample FILE} or {@code jfr summary FILE}.
 */
final class JfrRecording {
    private final Map<String, Long> processes;
    private final Path dir;

    private JfrRecording(Map<String, Long> processes, Path dir) {
        this.processes = processes;
        this.dir = dir;
    }

    static JfrRecording start(Map<String, Long> processes, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        JfrRecording r = new JfrRecording(processes, dir.toAbsolutePath());
        for (Map.Entry<String, Long> p : processes.entrySet()) {
            jcmd(p.getValue(), "JFR.start", "name=bench", "settings=profile");
        }
        return r;
    }

    /** Dump each process's recording to DIR/NAME.jfr and stop it. */
    void stop() throws IOException, InterruptedException {
        for (Map.Entry<String, Long> p : processes.entrySet()) {
            jcmd(p.getValue(), "JFR.stop", "name=bench", "filename=" + dir.resolve(p.getKey() + ".jfr"));
        }
    }

    private static void jcmd(long pid, String... args) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> command = new ArrayList<>(List.of(jcmd.toString(), String.valueOf(pid)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + String.join(" ", args) + " failed: " + out.trim());
        }
    }
}
