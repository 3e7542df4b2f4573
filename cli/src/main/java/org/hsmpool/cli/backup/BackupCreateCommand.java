package org.hsmpool.cli.backup;

import java.io.PrintWriter;
import java.nio.file.Path;
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

/** {@code hsmpool backup create --to DIR|URL [--sas-file FILE]}: {@code POST /backup}, then its job to the end. */
@Command(name = "create", description = "Backs the whole pool up into a new folder of a blob container or directory and "
        + "prints the folder's URL (what 'backup restore --from' takes).",
        footerHeading = "%nExamples:%n", footer = {
            "  hsmpool backup create --to .hsmpool/backups",
            "  hsmpool backup create --to https://acct.blob.core.windows.net/hsm-backups --sas-file sas.txt -o json"})
public final class BackupCreateCommand implements Callable<Integer> {
    private final Host host;

    @Spec
    CommandSpec spec;

    @Mixin
    PoolConnection connection;

    @Option(names = "--to", required = true, paramLabel = "DIR|URL",
            description = "a blob container URL (https://ACCOUNT.blob.core.windows.net/CONTAINER), or a directory on the "
                    + "pool manager's machine under its hsmpool.pool.backup.directory")
    String to;

    @Option(names = "--sas-file", paramLabel = "FILE",
            description = "the container's SAS token (create and write permissions) in FILE, or $HSMPOOL_BACKUP_SAS")
    Path sasFile;

    @Mixin
    OutputFormat output;

    @Option(names = "--no-wait", description = "start the job and print it without waiting for its end")
    boolean noWait;

    BackupCreateCommand(Host host) {
        this.host = host;
    }

    @Override
    public Integer call() {
        var parameters = BackupTarget.parameters(to, sasFile, host);
        PoolClient client = connection.open(host);
        JsonNode started = client.call("POST", "/backup", parameters);
        PrintWriter out = spec.commandLine().getOut();
        JsonNode end = noWait ? started : JobProgress.follow(client, "backup", started, spec.commandLine().getErr(),
                output.json());
        if (output.json()) {
            out.println(end.toPrettyString());
        } else {
            JobProgress.requireSuccess(end);
            out.println(end.path("azureStorageBlobContainerUri").asText());
        }
        out.flush();
        return end.path("status").asText().equals("Failed") ? 1 : 0;
    }
}
