package org.hsmpool.nodeapi.provision;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** One run of softhsm2-util: its standard input written and closed, its output read, at most 60 s. */
final class SoftHsmProcess {
    record Result(int exitValue, String output) {
    }

    private SoftHsmProcess() {
    }

    static Result run(ProcessBuilder pb, byte[] input, String what) throws IOException {
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(input);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(what + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + what, e);
        }
        return new Result(p.exitValue(), out);
    }
}
