package org.hsmpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line itself: help, version, and exit code 2 for a wrong command line. */
class UsageTest {

    @ParameterizedTest
    @ValueSource(strings = {"--help", "sd --help", "sd admin-keygen --help", "sd share --help", "sd inspect --help",
        "up --help", "down --help", "status --help", "logs --help", "env --help", "token --help", "provision --help", "node --help",
        "node add --help", "node remove --help", "node replace --help", "cert --help", "cert status --help", "cert rotate --help", "key --help", "key create --help",
        "key list --help", "key sign --help", "key verify --help", "key encrypt --help", "key decrypt --help",
        "key attest --help", "audit --help", "audit verify --help", "backup --help", "backup create --help",
        "backup restore --help", "backup status --help", "sd download --help", "sd transfer-key --help",
        "sd upload --help", "sd drill --help", "principal --help", "principal create --help", "principal list --help",
        "principal delete --help", "role --help", "role assign --help", "role list --help", "role remove --help",
        "completion --help"})
    void everyCommandHasHelpWithAnExample(String args) {
        CliRun.Result result = CliRun.withoutTerminal().run(args.split(" "));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("Usage: hsmpool").contains("Example").contains("Exit codes:");
        assertThat(result.err()).isEmpty();
    }

    /** Every command, found by walking the tree: each must be in the help list above, so none is left out. */
    @Test
    void theHelpListNamesEveryCommand() throws Exception {
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (String args : (String[]) UsageTest.class.getDeclaredMethod("everyCommandHasHelpWithAnExample", String.class)
                .getAnnotation(ValueSource.class).strings()) {
            listed.add(args.replace(" --help", "").replace("--help", ""));
        }
        java.util.List<String> missing = new java.util.ArrayList<>();
        walk(HsmPool.commandLine(org.hsmpool.cli.common.Host.system()), "", listed, missing);
        assertThat(missing).isEmpty();
    }

    private static void walk(picocli.CommandLine command, String path, java.util.Set<String> listed, java.util.List<String> missing) {
        for (var e : command.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            String child = (path + " " + e.getKey()).strip();
            if (!listed.contains(child)) {
                missing.add(child);
            }
            walk(e.getValue(), child, listed, missing);
        }
    }

    @Test
    void everyCommandTakesJsonOutput() {
        java.util.List<String> without = new java.util.ArrayList<>();
        collectWithoutJson(HsmPool.commandLine(org.hsmpool.cli.common.Host.system()), without);
        assertThat(without).as("commands without -o json").isEmpty();
    }

    private static void collectWithoutJson(picocli.CommandLine command, java.util.List<String> without) {
        var spec = command.getCommandSpec();
        boolean group = !command.getSubcommands().isEmpty();
        boolean exempt = group || java.util.Set.of("help", "completion").contains(spec.name());
        if (!exempt && (spec.findOption("-o") == null || spec.findOption("--json") == null)) {
            without.add(spec.qualifiedName());
        }
        for (var e : command.getSubcommands().values()) {
            collectWithoutJson(e, without);
        }
    }

    @Test
    void completionScriptsNameEveryCommand() {
        for (String shell : new String[] {"bash", "zsh"}) {
            CliRun.Result result = CliRun.withoutTerminal().run("completion", shell);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("hsmpool").contains("transfer-key").contains("principal").contains("--output");
        }
        assertThat(CliRun.withoutTerminal().run("completion", "zsh").out()).startsWith("autoload -U +X compinit");
    }

    @Test
    void versionNamesTheTool() {
        CliRun.Result result = CliRun.withoutTerminal().run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("hsmpool ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sd", "sd frobnicate", "key", "node", "node remove", "cert", "cert rotate --wait x", "key sign", "key verify k",
        "token", "status --bogus", "logs --lines x", "sd inspect", "sd inspect --blob", "sd inspect --blob x --bogus",
        "sd share --blob a --cert b --key c --out d", "sd admin-keygen --out d --name ../evil",
        "sd download --cert a --cert b --cert c --out d", "sd download --cert a --cert b --quorum 2 --out d",
        "sd upload --blob b", "sd upload --blob b --share s --shares d", "sd transfer-key", "sd drill --blob b --cert c",
        "principal", "principal create", "principal delete not-a-guid", "role", "role assign x", "role remove not-a-guid",
        "completion", "completion fish", "status -o yaml", "env --sdk cobol", "logs -o json --follow --dir /nonexistent"})
    void aWrongCommandLineExitsWithTwoAndSaysWhereTheHelpIs(String args) {
        CliRun.Result result = CliRun.withoutTerminal().run(args.isEmpty() ? new String[0] : args.split(" "));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).startsWith("hsmpool: ").contains("--help' for the options");
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void certificateCommandsSayWhatIsWrongBeforeTouchingAPool() {
        CliRun.Result validity = CliRun.withoutTerminal().run("cert", "rotate", "--validity-days", "0", "--dir", "/nonexistent");
        assertThat(validity.exitCode()).isEqualTo(1);
        assertThat(validity.err()).contains("--validity-days must be 1..3650");

        CliRun.Result noPool = CliRun.withoutTerminal().run("cert", "status", "--dir", "/nonexistent/pool");
        assertThat(noPool.exitCode()).isEqualTo(1);
        assertThat(noPool.err()).contains("no pool in").doesNotContain("Exception");
    }

    @Test
    void aMisspelledCommandGetsASuggestion() {
        CliRun.Result result = CliRun.withoutTerminal().run("sd", "inspekt");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("inspect");
    }

    @Test
    void aPassphraseOnTheCommandLineIsRefusedWithoutRepeatingIt() {
        CliRun.Result result = CliRun.withoutTerminal().run("sd", "admin-keygen", "--out", "x", "--name", "alice",
                "--passphrase", "hunter2-secret");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("never taken on the command line").contains("--passphrase-file");
        assertThat(result.printed()).doesNotContain("hunter2-secret");
    }
}
