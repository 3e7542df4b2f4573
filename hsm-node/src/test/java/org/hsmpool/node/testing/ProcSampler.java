package org.hsmpool.node.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What another local user sees: every process's command line (world-readable) and every environment
 * this user may read, sampled as fast as /proc allows while something runs. Keeps the samples that
 * hold one of the secrets (as "pid file", never the secret) and counts the command lines that hold a
 * marker, so a test can show that it did watch the process it cares about.
 */
public final class ProcSampler implements AutoCloseable {
    private final List<String> secrets;
    private final String marker;
    private final List<String> leaks = new ArrayList<>();
    private int marked;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public ProcSampler(List<String> secrets, String marker) {
        this.secrets = List.copyOf(secrets);
        this.marker = marker;
        this.thread = new Thread(this::sample, "proc-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running.get()) {
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path proc : procs) {
                    inspect(proc, "cmdline");
                    inspect(proc, "environ");
                }
            } catch (IOException e) {
                // /proc itself is always there; a vanished entry is handled per file
            }
        }
    }

    private void inspect(Path proc, String file) {
        String text;
        try {
            text = new String(Files.readAllBytes(proc.resolve(file)), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | SecurityException e) {
            return; // the process ended, or its environment is not ours to read
        }
        synchronized (this) {
            if (secrets.stream().anyMatch(text::contains)) {
                leaks.add(proc.getFileName() + " " + file);
            }
            if (file.equals("cmdline") && text.contains(marker)) {
                marked++;
            }
        }
    }

    /** Where a secret was seen: "pid cmdline" or "pid environ". */
    public synchronized List<String> leaks() {
        return List.copyOf(leaks);
    }

    /** How many command lines held the marker. */
    public synchronized int marked() {
        return marked;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
