package org.hsmpool.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.hsmpool.cli.CliRun;
import org.hsmpool.cli.common.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the remote commands check before they send anything: the pool's URL, the token, names and roles. */
class RemoteOptionsTest {
    @TempDir
    Path empty;

    @Test
    void withoutAPoolTheCommandSaysWhereToGetOne() {
        CliRun.Result r = CliRun.withoutTerminal().run("key", "list", "--dir", empty.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("hsmpool: no pool to talk to").contains("hsmpool up").contains("--url");
    }

    @Test
    void aPlainHttpUrlIsRefused() {
        CliRun.Result r = CliRun.withoutTerminal().env("HSMPOOL_TOKEN", "t0ken-t0ken-t0ken")
                .run("status", "--dir", empty.toString(), "--url", "http://localhost:8443");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("must be https://");
    }

    @Test
    void aMissingTokenFileIsNamed() {
        CliRun.Result r = CliRun.withoutTerminal().run("status", "--dir", empty.toString(), "--url", "https://localhost:1",
                "--token", "@" + empty.resolve("none.token"));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("none.token").contains("cannot be read");
    }

    @Test
    void aTokenOnTheCommandLineIsRefusedWithoutRepeatingIt() {
        CliRun.Result r = CliRun.withoutTerminal().run("status", "--dir", empty.toString(), "--url", "https://localhost:1",
                "--token", "s3cret-t0ken-on-argv");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("--token takes @FILE").contains("HSMPOOL_TOKEN").doesNotContain("s3cret-t0ken-on-argv");
        assertThat(r.out()).doesNotContain("s3cret-t0ken-on-argv");
    }

    @Test
    void aTokenFileIsReadByTheCommandNotExpandedIntoTheCommandLine() throws Exception {
        Path file = java.nio.file.Files.writeString(empty.resolve("operator.token"), "t0ken-t0ken-t0ken\n");
        CliRun.Result r = CliRun.withoutTerminal().run("status", "--dir", empty.toString(), "--url", "https://localhost:1",
                "--token", "@" + file);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("--token takes @FILE").contains("cannot connect").doesNotContain("t0ken");
    }

    @Test
    void aPoolThatDoesNotAnswerIsReportedAsSuch() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CliRun.Result r = CliRun.withoutTerminal().env("HSMPOOL_TOKEN", "t0ken-t0ken-t0ken")
                .run("status", "--dir", empty.toString(), "--url", "https://localhost:" + closed);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("cannot connect to https://localhost:" + closed).doesNotContain("t0ken");
    }

    @Test
    void aKeyNameThatIsNotOneIsRefusedBeforeAnyCall() {
        CliRun.Result r = CliRun.withoutTerminal().env("HSMPOOL_TOKEN", "t0ken-t0ken-t0ken")
                .run("key", "create", "../evil", "--dir", empty.toString(), "--url", "https://localhost:1");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("'../evil' is not a key name");
    }

    @ParameterizedTest
    @CsvSource({"Managed HSM Crypto User,21dbd100-6940-42c2-9190-5d6cb909625b",
        "crypto user,21dbd100-6940-42c2-9190-5d6cb909625b", "crypto-officer,515eb02d-2335-4d2d-92f2-b1cbdf9c3778",
        "Managed HSM Administrator,a290e904-7015-4bba-90c8-60543313cdb4",
        "7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8,7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8"})
    void rolesAreNamedAsOnManagedHsmOrByTheirId(String role, String id) {
        assertThat(Roles.definitionId(role)).isEqualTo(id);
    }

    @Test
    void anUnknownRoleListsTheBuiltInOnes() {
        assertThatThrownBy(() -> Roles.definitionId("root")).isInstanceOf(UserError.class)
                .hasMessageContaining("Managed HSM Crypto Auditor");
    }

    @Test
    void aTokenFileLineIsFoundByPrincipal() {
        assertThat(PoolConnection.readToken(java.util.List.of("# comment", "app abcdefabcdefabcdef", "operator 0123456789abcdef0123"),
                "operator")).contains("0123456789abcdef0123");
        assertThat(PoolConnection.readToken(java.util.List.of("#operator xxxxxxxxxxxxxxxxxx"), "operator")).isEmpty();
    }
}
