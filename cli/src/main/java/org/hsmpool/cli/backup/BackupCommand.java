package org.hsmpool.cli.backup;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hsmpool backup}: the group of full backup and restore commands. */
@Command(name = "backup", description = "Full backup and restore of a pool (every key, version, role assignment, "
        + "principal and setting, sealed under the security domain), and selective key restore.",
        subcommands = {BackupCreateCommand.class, BackupRestoreCommand.class, BackupStatusCommand.class},
        footerHeading = "%nExamples:%n", footer = {
            "  hsmpool backup create --to https://acct.blob.core.windows.net/backups --sas-file sas.txt",
            "  hsmpool backup create --to /var/backups/hsmpool",
            "  hsmpool backup restore --from /var/backups/hsmpool/mhsm-hsmpool-20260101120000-ab12 --key my-key",
            "  hsmpool backup status -o json"})
public final class BackupCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a backup command is missing");
    }
}
