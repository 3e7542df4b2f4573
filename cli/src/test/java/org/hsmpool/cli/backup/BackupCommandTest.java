package org.hsmpool.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.hsmpool.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hsmpool backup}: what the commands send, and what they refuse before they talk to a pool
 * (a SAS token on the command line, a blob container without one, a --from that names no backup).
 * The endpoints themselves are pool-manager's BackupIT and RestoreIT.
 */
class BackupCommandTest {
    private static final String SAS = "sv=2025-01-05&ss=b&sp=racwl&sig=c2VjcmV0";

    @TempDir
    Path dir;

    @Test
    void aSasTokenInTheUrlIsRefusedBecauseCommandLinesAreVisible() {
        CliRun.Result r = CliRun.withoutTerminal().run("backup", "create", "--to",
                "https://acct.blob.core.windows.net/c?" + SAS, "--url", "https://localhost:1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("without its SAS token").doesNotContain("sig=");
    }

    @Test
    void aBlobContainerNeedsATokenFromAFileOrTheEnvironment() throws Exception {
        assertThat(BackupTarget.parameters("https://acct.blob.core.windows.net/c", null,
                new org.hsmpool.cli.common.Host(name -> name.equals(BackupTarget.SAS_VARIABLE) ? SAS : null, NO_TERMINAL))
                .get("token")).isEqualTo(SAS);
        Path file = Files.writeString(dir.resolve("sas.txt"), "?" + SAS + "\n");
        assertThat(BackupTarget.parameters("https://acct.blob.core.windows.net/c/", file, host()))
                .containsEntry("storageResourceUri", "https://acct.blob.core.windows.net/c").containsEntry("token",
                        "?" + SAS);
        CliRun.Result r = CliRun.withoutTerminal().run("backup", "create", "--to", "https://acct.blob.core.windows.net/c",
                "--url", "https://localhost:1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("--sas-file", "HSMPOOL_BACKUP_SAS");
    }

    @Test
    void aDirectoryBecomesAFileUrlAndABackupFolderIsSplitAsTheSdksDo() {
        assertThat(BackupTarget.parameters("/var/backups/hsmpool", null, host()))
                .containsExactlyEntriesOf(java.util.Map.of("storageResourceUri", "file:///var/backups/hsmpool"));
        assertThat(BackupTarget.split("https://acct.blob.core.windows.net/c/mhsm-p-20260101000000-ab12"))
                .containsExactly("https://acct.blob.core.windows.net/c", "mhsm-p-20260101000000-ab12");
        assertThat(BackupTarget.split("/var/backups/mhsm-p-1/")).containsExactly("/var/backups", "mhsm-p-1");
        CliRun.Result r = CliRun.withoutTerminal().run("backup", "restore", "--from", "mhsm-only", "--url",
                "https://localhost:1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("--from names one backup");
    }

    private static org.hsmpool.cli.common.Host host() {
        return new org.hsmpool.cli.common.Host(name -> null, NO_TERMINAL);
    }

    private static final org.hsmpool.cli.common.Host.Terminal NO_TERMINAL = new org.hsmpool.cli.common.Host.Terminal() {
        @Override
        public boolean present() {
            return false;
        }

        @Override
        public char[] readSecret(String prompt) {
            throw new AssertionError("no terminal");
        }
    };
}
