package org.hsmpool.cli.backup;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

import org.hsmpool.cli.common.UserError;
import org.hsmpool.cli.remote.PoolClient;

import com.fasterxml.jackson.databind.JsonNode;

/** Follows a job at its status URL until it ends, telling the terminal (stderr) how it goes. */
final class JobProgress {
    private JobProgress() {
    }

    static JsonNode follow(PoolClient client, String kind, JsonNode started, PrintWriter err, boolean quiet) {
        String id = started.path("jobId").asText();
        JsonNode status = started;
        Instant begun = Instant.now();
        long pause = 50;
        while (status.path("status").asText().equals("InProgress")) {
            if (!quiet) {
                err.printf("\r%s job %s: in progress, %ds", kind, id, Duration.between(begun, Instant.now()).toSeconds());
                err.flush();
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserError("interrupted; the job goes on: 'hsmpool backup status'");
            }
            pause = Math.min(1000, pause * 2);
            status = client.call("GET", "/" + kind + "/" + id + "/pending", null);
        }
        if (!quiet) {
            err.printf("\r%s job %s: %s%n", kind, id, status.path("status").asText());
            err.flush();
        }
        return status;
    }

    /** The job's error as a UserError (exit code 1), when it failed. */
    static void requireSuccess(JsonNode status) {
        if (status.path("status").asText().equals("Failed")) {
            JsonNode e = status.path("error");
            throw new UserError("the job failed: " + e.path("code").asText() + ": " + e.path("message").asText());
        }
    }
}
