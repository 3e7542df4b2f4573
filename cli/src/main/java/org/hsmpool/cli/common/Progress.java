package org.hsmpool.cli.common;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Progress on stderr for a step that may take more than a second: "what ... " with a dot every
 * second while it runs, then "done (N s)". A step that ends within the first second prints only its
 * line. Stdout stays the command's result, so scripts and {@code -o json} are not disturbed.
 */
public final class Progress {
    private Progress() {
    }

    /** Runs {@code step} on another thread and reports on {@code err} while it runs; its failure is rethrown as is. */
    public static <T> T during(PrintWriter err, String what, Callable<T> step) throws Exception {
        FutureTask<T> task = new FutureTask<>(step);
        Thread worker = new Thread(task, "hsmpool-progress");
        worker.setDaemon(true);
        Instant start = Instant.now();
        worker.start();
        err.print("hsmpool: " + what + " ");
        err.flush();
        try {
            while (true) {
                try {
                    T result = task.get(1, TimeUnit.SECONDS);
                    err.println("done (" + Duration.between(start, Instant.now()).toSeconds() + " s)");
                    err.flush();
                    return result;
                } catch (TimeoutException stillRunning) {
                    err.print(".");
                    err.flush();
                }
            }
        } catch (ExecutionException e) {
            err.println("failed");
            err.flush();
            throw e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
        }
    }
}
