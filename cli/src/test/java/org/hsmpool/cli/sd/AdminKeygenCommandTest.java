package org.hsmpool.cli.sd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPublicKey;
import org.hsmpool.cli.CliRun;
import org.hsmpool.sd.AdminKeyPair;
import org.hsmpool.sd.SecurityDomainException;
import org.hsmpool.sd.Thumbprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hsmpool sd admin-keygen}: the key files, and where the passphrase may come from. */
class AdminKeygenCommandTest {

    private static final String PASSPHRASE = "correct horse battery staple";

    @TempDir
    Path dir;

    @Test
    void writesACertificateAndAKeyFileThatOpensWithThePassphraseOnly() throws IOException {
        CliRun run = CliRun.withTerminal(PASSPHRASE, PASSPHRASE);
        CliRun.Result result = run.run("sd", "admin-keygen", "--out", dir.toString(), "--name", "alice");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        Path certificate = dir.resolve("alice.crt");
        Path key = dir.resolve("alice.key");
        String certificatePem = Files.readString(certificate, UTF_8);
        String keyPem = Files.readString(key, UTF_8);
        assertThat(certificatePem).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(keyPem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

        AdminKeyPair pair = AdminKeyPair.read(certificatePem, keyPem, PASSPHRASE.toCharArray());
        assertThat(((RSAPublicKey) pair.certificate().getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
        assertThat(pair.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=alice");
        SecurityDomainException wrong = catchThrowableOfType(
                () -> AdminKeyPair.read(certificatePem, keyPem, "correct horse battery stapler".toCharArray()),
                SecurityDomainException.class);
        assertThat(wrong.reason()).isEqualTo(SecurityDomainException.Reason.WRONG_PASSPHRASE);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(run.prompts()).hasSize(2);
        assertThat(result.out()).contains(certificate.toString()).contains(key.toString())
                .contains(Thumbprint.of(pair.certificate()).value());
        assertThat(result.printed()).doesNotContain(PASSPHRASE);
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left behind").hasSize(2);
        }
    }

    @Test
    void makesTheOutputDirectoryOwnerOnlyWhenItIsMissing() throws IOException {
        Path out = dir.resolve("admin/keys");

        CliRun.Result result = CliRun.withoutTerminal().env(PassphraseOptions.VARIABLE, PASSPHRASE)
                .run("sd", "admin-keygen", "--out", out.toString(), "--name", "bob");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rwx------");
        assertThat(AdminKeyPair.read(Files.readString(out.resolve("bob.crt")), Files.readString(out.resolve("bob.key")),
                PASSPHRASE.toCharArray()).certificate().getSubjectX500Principal().getName()).isEqualTo("CN=bob");
    }

    @Test
    void aPassphraseFileWinsOverTheEnvironmentAndOnlyItsFirstLineCounts() throws IOException {
        Path file = dir.resolve("pass.txt");
        Files.writeString(file, PASSPHRASE + "\r\nsecond line is ignored\n");

        CliRun.Result result = CliRun.withoutTerminal().env(PassphraseOptions.VARIABLE, "the environment's passphrase")
                .run("sd", "admin-keygen", "--out", dir.toString(), "--name", "carol", "--passphrase-file", file.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        AdminKeyPair.read(Files.readString(dir.resolve("carol.crt")), Files.readString(dir.resolve("carol.key")),
                PASSPHRASE.toCharArray());
        assertThat(result.printed()).doesNotContain(PASSPHRASE).doesNotContain("the environment's passphrase");
    }

    @Test
    void twoDifferentAnswersAtThePromptWriteNothing() {
        CliRun.Result result = CliRun.withTerminal(PASSPHRASE, PASSPHRASE + "!")
                .run("sd", "admin-keygen", "--out", dir.toString(), "--name", "alice");

        assertUserError(result, "the two passphrases differ");
        assertThat(dir.resolve("alice.key")).doesNotExist();
        assertThat(result.printed()).doesNotContain(PASSPHRASE);
    }

    @Test
    void withoutPassphraseSourceOrTerminalItSaysHowToGiveOne() {
        CliRun.Result result = CliRun.withoutTerminal().run("sd", "admin-keygen", "--out", dir.toString(), "--name", "alice");

        assertUserError(result, "no terminal to ask on; use --passphrase-file FILE or set HSMPOOL_ADMIN_PASSPHRASE");
        assertThat(dir.resolve("alice.key")).doesNotExist();
    }

    @Test
    void aShortPassphraseIsRefused() {
        CliRun.Result result = CliRun.withoutTerminal().env(PassphraseOptions.VARIABLE, "1234567")
                .run("sd", "admin-keygen", "--out", dir.toString(), "--name", "alice");

        assertUserError(result, "shorter than 8 characters");
        assertThat(result.printed()).doesNotContain("1234567");
    }

    @Test
    void anEmptyPassphraseFileIsRefused() throws IOException {
        Path file = dir.resolve("empty.txt");
        Files.writeString(file, "\n");

        CliRun.Result result = CliRun.withoutTerminal()
                .run("sd", "admin-keygen", "--out", dir.toString(), "--name", "alice", "--passphrase-file", file.toString());

        assertUserError(result, "has an empty first line");
    }

    @Test
    void anExistingKeyIsNeverReplaced() throws IOException {
        Files.writeString(dir.resolve("alice.key"), "precious");

        CliRun.Result result = CliRun.withoutTerminal().env(PassphraseOptions.VARIABLE, PASSPHRASE)
                .run("sd", "admin-keygen", "--out", dir.toString(), "--name", "alice");

        assertUserError(result, "alice.key already exists");
        assertThat(dir.resolve("alice.key")).hasContent("precious");
        assertThat(dir.resolve("alice.crt")).doesNotExist();
    }

    static void assertUserError(CliRun.Result result, String message) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).startsWith("hsmpool: ").contains(message).endsWith("\n");
        assertThat(result.err().lines()).as("one line on stderr").hasSize(1);
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
