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
        "key attest --help", "audit verify --help"})
    void everyCommandHasHelpWithAnExample(String args) {
        CliRun.Result result = CliRun.withoutTerminal().run(args.split(" "));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("Usage: hsmpool").contains("Example").contains("Exit codes:");
        assertThat(result.err()).isEmpty();
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
        "sd share --blob a --cert b --key c --out d", "sd admin-keygen --out d --name ../evil"})
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
