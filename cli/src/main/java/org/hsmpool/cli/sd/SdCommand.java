package org.hsmpool.cli.sd;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code hsmpool sd} command group. */
@Command(name = "sd",
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Security-domain tools for the pool's administrators and operators.",
            "Make your key pair, activate a pool (download), look at a security-domain blob, hand your share of it to a"
                + " new pool that is being restored (transfer-key, share, upload), and prove now and then that your share"
                + " still opens (drill). The pool's master secret is never put together on your machine."},
        subcommands = {AdminKeygenCommand.class, DownloadCommand.class, InspectCommand.class, TransferKeyCommand.class,
            ShareCommand.class, UploadCommand.class, DrillCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hsmpool sd admin-keygen --out ~/hsmpool-admin --name alice",
            "  hsmpool sd download --cert alice.crt --cert bob.crt --cert carol.crt --quorum 2 --out sd.json",
            "  hsmpool sd inspect --blob security-domain.json",
            "  hsmpool sd share --blob security-domain.json \\",
            "      --cert ~/hsmpool-admin/alice.crt --key ~/hsmpool-admin/alice.key \\",
            "      --for transfer-key.json --out share-alice.jwe"})
public final class SdCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is missing: admin-keygen, download, inspect, transfer-key, share, upload or drill");
    }
}
