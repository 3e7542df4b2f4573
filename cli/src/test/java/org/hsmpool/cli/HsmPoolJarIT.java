package org.hsmpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import org.hsmpool.sd.DomainKeys;
import org.hsmpool.sd.Pem;
import org.hsmpool.sd.RawRsaDecryptor;
import org.hsmpool.sd.SecurityDomain;
import org.hsmpool.sd.SecurityDomainBlob;
import org.hsmpool.sd.SelfSignedCertificate;
import org.hsmpool.sd.TransferKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as users run it: {@code java -jar hsmpool.jar} in its own process (run by failsafe
 * after {@code package}), with no terminal, and through the {@code ./hsmpool} launcher. This is
 * what shows the shaded Bouncy Castle and nimbus work outside Maven's class path.
 */
class HsmPoolJarIT {

    private static final Path JAR = Path.of(System.getProperty("hsmpool.jar", "target/hsmpool.jar"));
    private static final Path LAUNCHER = Path.of(System.getProperty("hsmpool.launcher", "../hsmpool"));
    private static final String POOL = "pool-jar-test";

    @TempDir
    Path dir;

    @Test
    void adminKeysAndSharesMadeByTheJarRestoreTheDomain() throws Exception {
        List<X509Certificate> certificates = new ArrayList<>();
        for (String admin : List.of("alice", "bob", "carol")) {
            Ran keygen = java(Map.of("HSMPOOL_ADMIN_PASSPHRASE", admin + " passphrase"),
                    "sd", "admin-keygen", "--out", dir.toString(), "--name", admin);
            assertThat(keygen.exitCode()).as(keygen.toString()).isZero();
            certificates.add(Pem.readCertificate(Files.readString(dir.resolve(admin + ".crt"))));
        }
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        Path blobFile = dir.resolve("security-domain.json");
        Files.writeString(blobFile, SecurityDomain.create(master, POOL, certificates, 2, Instant.now(), new SecureRandom())
                .toJson());
        KeyPair transferKeys = rsa3072();
        TransferKey transferKey = TransferKey.of(SelfSignedCertificate.issue(transferKeys, "transfer key", Instant.now(),
                Duration.ofDays(1)));
        Path transferKeyFile = dir.resolve("transfer-key.json");
        // attested as a node attests it, by a node certificate of the new pool's CA
        org.hsmpool.nodeapi.pki.PoolCa ca = org.hsmpool.nodeapi.pki.PoolCa.create("jar-it", Duration.ofDays(1));
        Path caFile = dir.resolve("new-pool-ca.crt");
        org.hsmpool.nodeapi.pki.Pem.writeCertificates(caFile, List.of(ca.certificate()));
        var node = ca.issue(org.hsmpool.nodeapi.pki.PoolIdentity.node("node-1"), List.of("localhost"), Duration.ofDays(1));
        Map<String, Object> jwk = com.nimbusds.jose.util.JSONObjectUtils.parse(transferKey.toJwkJson());
        jwk.put(org.hsmpool.nodeapi.pki.TransferKeyAttestation.JWK_MEMBER, org.hsmpool.nodeapi.pki.TransferKeyAttestation
                .sign(node.key(), List.of(node.certificate()), transferKey.certificate().getEncoded()).toJson());
        Files.writeString(transferKeyFile, com.nimbusds.jose.util.JSONObjectUtils.toJSONString(jwk));

        Ran inspect = java(Map.of(), "sd", "inspect", "--blob", blobFile.toString());
        assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
        assertThat(inspect.out()).contains("quorum       2 of 3 administrators");

        List<String> transferShares = new ArrayList<>();
        for (String admin : List.of("bob", "carol")) {
            Path passphraseFile = dir.resolve(admin + ".pass");
            Files.writeString(passphraseFile, admin + " passphrase\n");
            Path out = dir.resolve("share-" + admin + ".jwe");
            Ran share = java(Map.of(), "sd", "share", "--blob", blobFile.toString(),
                    "--cert", dir.resolve(admin + ".crt").toString(), "--key", dir.resolve(admin + ".key").toString(),
                    "--for", transferKeyFile.toString(), "--pool-ca", caFile.toString(), "--out", out.toString(),
                    "--passphrase-file", passphraseFile.toString());
            assertThat(share.exitCode()).as(share.toString()).isZero();
            assertThat(share.out() + share.err()).doesNotContain(admin + " passphrase");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
            transferShares.add(Files.readString(out).strip());
        }

        RawRsaDecryptor token = new RawRsaDecryptor() {
            @Override
            public int modulusBits() {
                return ((RSAPublicKey) transferKeys.getPublic()).getModulus().bitLength();
            }

            @Override
            public byte[] rawDecrypt(byte[] c) {
                try {
                    Cipher cipher = Cipher.getInstance("RSA/ECB/NoPadding");
                    cipher.init(Cipher.DECRYPT_MODE, transferKeys.getPrivate());
                    return cipher.doFinal(c);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        try (DomainKeys restored = SecurityDomain.restore(SecurityDomainBlob.parse(Files.readString(blobFile)),
                transferShares, transferKey, token); DomainKeys original = DomainKeys.derive(master, POOL)) {
            assertThat(restored.wrapKey()).isEqualTo(original.wrapKey());
        }
    }

    @Test
    void anExpectedErrorIsExitCodeOneAndOneLineWithoutAStackTrace() throws Exception {
        Ran ran = java(Map.of(), "sd", "inspect", "--blob", dir.resolve("missing.json").toString());

        assertThat(ran.exitCode()).as(ran.toString()).isEqualTo(1);
        assertThat(ran.err().lines()).containsExactly("hsmpool: the blob " + dir.resolve("missing.json")
                + " does not exist; check the path");
        assertThat(ran.out()).isEmpty();
    }

    @Test
    void withoutATerminalKeygenAsksForAPassphraseFileInsteadOfReadingStandardInput() throws Exception {
        Ran ran = java(Map.of(), "sd", "admin-keygen", "--out", dir.toString(), "--name", "dave");

        assertThat(ran.exitCode()).as(ran.toString()).isEqualTo(1);
        assertThat(ran.err()).contains("no terminal to ask on; use --passphrase-file FILE or set HSMPOOL_ADMIN_PASSPHRASE");
        assertThat(dir.resolve("dave.key")).doesNotExist();
    }

    @Test
    void aWrongCommandLineIsExitCodeTwo() throws Exception {
        Ran ran = java(Map.of(), "sd", "share", "--blob");

        assertThat(ran.exitCode()).as(ran.toString()).isEqualTo(2);
        assertThat(ran.err()).startsWith("hsmpool: ").doesNotContain("Exception");
    }

    @Test
    void theLauncherRunsTheJar() throws Exception {
        Ran ran = run(Map.of(), List.of("bash", LAUNCHER.toString(), "--version"));

        assertThat(ran.exitCode()).as(ran.toString()).isZero();
        assertThat(ran.out()).startsWith("hsmpool ").doesNotContain("dev");
        assertThat(ran.err()).isEmpty();
    }

    private Ran java(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return run(environment, command);
    }

    private Ran run(Map<String, String> environment, List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().remove("HSMPOOL_ADMIN_PASSPHRASE");
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Ran(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static KeyPair rsa3072() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(3072);
        return generator.generateKeyPair();
    }

    private record Ran(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
