package org.hsmpool.cli;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.sd.SdCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root of the {@code hsmpool} command; it only dispatches to its command groups. */
@Command(name = "hsmpool",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = HsmPool.Version.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Runs and administers an hsmpool managed-HSM pool.",
        subcommands = {org.hsmpool.cli.pool.UpCommand.class, org.hsmpool.cli.pool.DownCommand.class,
            org.hsmpool.cli.remote.StatusCommand.class, org.hsmpool.cli.pool.LogsCommand.class,
            org.hsmpool.cli.pool.NodeCommand.class, org.hsmpool.cli.pool.CertCommand.class, org.hsmpool.cli.key.KeyCommand.class,
            org.hsmpool.cli.pool.TokenCommand.class, org.hsmpool.cli.pool.EnvCommand.class,
            org.hsmpool.cli.pool.ProvisionCommand.class, SdCommand.class,
            org.hsmpool.cli.audit.AuditCommand.class, org.hsmpool.cli.backup.BackupCommand.class, org.hsmpool.cli.access.PrincipalCommand.class,
            org.hsmpool.cli.access.RoleCommand.class, CompletionCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:done",
            " 1:the command could not do it; one line on stderr says why and what to do",
            " 2:the command line is wrong (unknown command or option, missing or bad value)",
            " 3:status --check: the pool is not Activated or a node is not HEALTHY",
            " 4:a check failed: key attest --verify, audit verify"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hsmpool up --demo",
            "  hsmpool status",
            "  hsmpool key create my-key && printf hello | hsmpool key sign my-key",
            "  hsmpool sd admin-keygen --out ~/hsmpool-admin --name alice",
            "  hsmpool sd inspect --blob security-domain.json",
            "  hsmpool sd share --help"})
public final class HsmPool implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(Host.system()).execute(args));
    }

    /** The whole command tree, bound to {@code host}; callers may redirect its out and err writers. */
    public static CommandLine commandLine(Host host) {
        CommandLine cli = new CommandLine(new HsmPool(), new HostFactory(host));
        cli.setExecutionExceptionHandler(new ErrorReport(host));
        cli.setParameterExceptionHandler(new UsageErrorReport());
        // "@FILE" is ours (--token @FILE reads the file's first line): picocli would put the file's
        // words on the command line in its place
        cli.setExpandAtFiles(false);
        // an option's value may begin with '-': one base64url signature in 64 does, and "-V3RH..." would
        // otherwise be read as -V (version) clustered with other letters, and the command refused
        cli.setAllowOptionsAsOptionParameters(true);
        return cli;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is missing");
    }

    /** The version the jar's manifest carries ({@code dev} when run from classes). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = HsmPool.class.getPackage().getImplementationVersion();
            return new String[] {"hsmpool " + (version == null ? "dev" : version)};
        }
    }
}
