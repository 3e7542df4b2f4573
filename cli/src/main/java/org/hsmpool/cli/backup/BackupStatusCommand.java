package org.hsmpool.cli.backup;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.OutputFormat;
import org.hsmpool.cli.remote.PoolConnection;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsmpool backup status}: the latest backup and restore jobs ({@code GET /hsmpool/backup/jobs}). */
@Command(name = "status", description = "Lists the latest backup and restore jobs, newest first: id, kind, status, "
        + "start, end, and where; a failed job's reason.",
        footerHeading = "%nExamples:%n", footer = {
            "  hsmpool backup status",
            "  hsmpool backup status --top 3 -o json"})
public final class BackupStatusCommand implements Callable<Integer> {
    private final Host host;

    @Spec
    CommandSpec spec;

    @Mixin
    PoolConnection connection;

    @Option(names = "--top", defaultValue = "10", description = "how many jobs (1..100, default ${DEFAULT-VALUE})")
    int top;

    @Mixin
    OutputFormat output;

    BackupStatusCommand(Host host) {
        this.host = host;
    }

    @Override
    public Integer call() {
        JsonNode jobs = connection.open(host).call("GET", "/hsmpool/backup/jobs?top=" + top, null);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(jobs.toPrettyString());
        } else {
            out.printf("%-32s %-11s %-10s %-20s %-20s %s%n", "JOB", "KIND", "STATUS", "STARTED", "ENDED", "WHERE");
            for (JsonNode j : jobs.path("value")) {
                out.printf("%-32s %-11s %-10s %-20s %-20s %s%s%n", j.path("jobId").asText(), j.path("kind").asText(),
                        j.path("status").asText(), Instant.ofEpochSecond(j.path("startTime").asLong()),
                        j.has("endTime") ? Instant.ofEpochSecond(j.path("endTime").asLong()) : "-",
                        j.path("location").asText(), j.has("key") ? " (key " + j.path("key").asText() + ")" : "");
                if (j.has("error")) {
                    out.printf("  %s: %s%n", j.path("error").path("code").asText(), j.path("error").path("message").asText());
                }
            }
        }
        out.flush();
        return 0;
    }
}
