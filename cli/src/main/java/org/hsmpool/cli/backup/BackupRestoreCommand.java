package org.hsmpool.cli.backup;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.OutputFormat;
import org.hsmpool.cli.remote.PoolClient;
import org.hsmpool.cli.remote.PoolConnection;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hsmpool backup restore --from DIR|URL [--key NAME]}: {@code PUT /restore} (the whole pool,
 * overwriting its contents) or {@code PUT /keys/NAME/restore} (one key), then the job to the end.
 */
@Command(name = "restore", description = "Restores the whole pool, or one key with --key, from a backup of the same "
        + "security domain. A full restore replaces the pool's keys, roles, principals and settings with the backup's.",
        footerHeading = "%nExamples:%n", footer = {
            "  hsmpool backup restore --from .hsmpool/backups/mhsm-hsmpool-20261207061500-3fa2",
            "  hsmpool backup restore --from URL --sas-file sas.txt --key signing-key"})
public final class BackupRestoreCommand implements Callable<Integer> {
    private final Host host;

    @Spec
    CommandSpec spec;

    @Mixin
    PoolConnection connection;

    @Option(names = "--from", required = true, paramLabel = "DIR|URL",
            description = "the backup's folder, as 'backup create' printed it")
    String from;

    @Option(names = "--key", paramLabel = "NAME", description = "restore only this key, every version of it")
    String key;

    @Option(names = "--sas-file", paramLabel = "FILE",
            description = "the container's SAS token (read permission) in FILE, or $HSMPOOL_BACKUP_SAS")
    Path sasFile;

    @Mixin
    OutputFormat output;

    BackupRestoreCommand(Host host) {
        this.host = host;
    }

    @Override
    public Integer call() {
        String[] split = BackupTarget.split(from);
        Map<String, Object> sas = BackupTarget.parameters(split[0], sasFile, host);
        PoolClient client = connection.open(host);
        JsonNode started = key == null
                ? client.call("PUT", "/restore", Map.of("sasTokenParameters", sas, "folderToRestore", split[1]))
                : client.call("PUT", "/keys/" + key + "/restore", Map.of("sasTokenParameters", sas, "folder", split[1]));
        JsonNode end = JobProgress.follow(client, "restore", started, spec.commandLine().getErr(), output.json());
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(end.toPrettyString());
        } else {
            JobProgress.requireSuccess(end);
            out.println(end.path("statusDetails").asText("restored"));
        }
        out.flush();
        return end.path("status").asText().equals("Failed") ? 1 : 0;
    }
}
