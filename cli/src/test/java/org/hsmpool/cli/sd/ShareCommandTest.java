package org.hsmpool.cli.sd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.cli.sd.AdminKeygenCommandTest.assertUserError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hsmpool.cli.CliRun;
import org.hsmpool.nodeapi.pki.PoolCa;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.sd.DomainKeys;
import org.hsmpool.sd.Pem;
import org.hsmpool.sd.SecurityDomain;
import org.hsmpool.sd.SecurityDomainBlob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code hsmpool sd share}, DESIGN.md flow 6 from the administrators' side: three administrators
 * made with {@code admin-keygen}, a domain activated to their certificates (quorum 2), a new pool's
 * transfer key; two administrators' share files restore the domain in the new node. The test plays
 * the node too, so it may hold the master; the command never does.
 */
class ShareCommandTest {

    private static final String POOL = "pool-restore-test";
    private static final List<String> ADMINS = List.of("alice", "bob", "carol");

    @TempDir
    static Path home;
    private static byte[] master;
    private static Path blobFile;
    private static NewPool newPool;
    /** Passphrases and the master in every encoding a leak might take; nothing printed may contain one. */
    private static final List<String> SECRETS = new ArrayList<>();

    @TempDir
    Path work;
    private final List<CliRun.Result> results = new ArrayList<>();

    @BeforeAll
    static void activateAPoolForThreeAdministrators() throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (String admin : ADMINS) {
            keygen(admin);
            certificates.add(Pem.readCertificate(Files.readString(home.resolve(admin + ".crt"))));
        }
        keygen("mallory");
        master = new byte[32];
        new SecureRandom().nextBytes(master);
        SecurityDomainBlob blob = SecurityDomain.create(master, POOL, certificates, 2, Instant.now(), new SecureRandom());
        blobFile = home.resolve("security-domain.json");
        Files.writeString(blobFile, blob.toJson());
        newPool = NewPool.create(home, "new-pool");
        SECRETS.add(HexFormat.of().formatHex(master));
        SECRETS.add(Base64.getEncoder().encodeToString(master));
        SECRETS.add(Base64.getUrlEncoder().withoutPadding().encodeToString(master));
    }

    private static void keygen(String admin) throws IOException {
        String passphrase = passphrase(admin);
        SECRETS.add(passphrase);
        CliRun.Result result = CliRun.withoutTerminal().env(PassphraseOptions.VARIABLE, passphrase)
                .run("sd", "admin-keygen", "--out", home.toString(), "--name", admin);
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    private static String passphrase(String admin) {
        return admin + "'s long passphrase";
    }

    @AfterEach
    void nothingPrintedContainsAPassphraseOrTheMaster() {
        assertThat(results).isNotEmpty();
        for (CliRun.Result result : results) {
            assertThat(result.printed()).doesNotContain(SECRETS);
        }
    }

    @Test
    void twoAdministratorsSharesRestoreTheDomainInsideTheNewNode() throws IOException {
        Path aliceShare = work.resolve("share-alice.jwe");
        Path carolShare = work.resolve("share-carol.jwe");

        CliRun.Result alice = share("alice", aliceShare);
        CliRun.Result carol = share("carol", carolShare, "--passphrase-file", passphraseFile("carol").toString());

        assertThat(alice.exitCode()).as(alice.toString()).isZero();
        assertThat(carol.exitCode()).as(carol.toString()).isZero();
        assertThat(alice.out()).contains("share 1 of 3").contains("pool " + POOL).contains("quorum 2")
                .contains(newPool.transferKey().thumbprint().value());
        assertThat(carol.out()).contains("share 3 of 3");
        for (Path file : List.of(aliceShare, carolShare)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(Files.readString(file).lines()).hasSize(1);
        }

        SecurityDomainBlob blob = SecurityDomainBlob.parse(Files.readString(blobFile));
        List<String> transferShares = List.of(Files.readString(aliceShare, UTF_8).strip(),
                Files.readString(carolShare, UTF_8).strip());
        try (DomainKeys restored = SecurityDomain.restore(blob, transferShares, newPool.transferKey(), newPool.token());
                DomainKeys original = DomainKeys.derive(master, POOL)) {
            assertThat(restored.wrapKey()).isEqualTo(original.wrapKey());
            assertThat(restored.macKey()).isEqualTo(original.macKey());
        }
        assertThat(alice.printed() + carol.printed()).doesNotContain(transferShares);
    }

    @Test
    void aWrongPassphraseWritesNothing() {
        Path out = work.resolve("share.jwe");

        CliRun.Result result = run(CliRun.withTerminal("not alice's passphrase"), "alice", out);

        assertUserError(result, "the passphrase does not open " + home.resolve("alice.key"));
        assertThat(out).doesNotExist();
        assertThat(result.printed()).doesNotContain("not alice's passphrase");
    }

    @Test
    void aCertificateWithoutAShareInTheBlobIsNamedBeforeAnyPassphraseIsAsked() {
        CliRun run = CliRun.withTerminal(passphrase("mallory"));

        CliRun.Result result = run(run, "mallory", work.resolve("share.jwe"));

        assertUserError(result, "holds no share in the security domain of pool " + POOL);
        assertThat(result.err()).contains(home.resolve("mallory.crt").toString());
        assertThat(run.prompts()).isEmpty();
    }

    static Stream<Arguments> malformedBlobs() throws IOException {
        String good = Files.readString(blobFile);
        return Stream.of(
                Arguments.of("not JSON", "this is not json", "is not a valid security-domain blob"),
                Arguments.of("a field missing", good.replaceFirst("\"check_value\" : \"[^\"]*\",", ""),
                        "missing field 'check_value'"),
                Arguments.of("another version", good.replace("\"version\" : 1", "\"version\" : 2"),
                        "use the hsmpool release that matches the pool"),
                Arguments.of("facts altered", good.replace("\"required\" : 2", "\"required\" : 3"),
                        "the blob was altered"),
                Arguments.of("a share cut short", good.replaceFirst("(\"jwe\" : \"[^\"]{200})[^\"]*\"", "$1\""),
                        "is not a valid security-domain blob"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBlobs")
    void aMalformedBlobIsRefusedNamingTheProblem(String name, String blob, String message) throws IOException {
        Path bad = work.resolve("bad-blob.json");
        Files.writeString(bad, blob);
        CliRun run = CliRun.withTerminal(passphrase("alice"));

        CliRun.Result result = run(run, "--blob", bad, "alice", work.resolve("share.jwe"));

        assertUserError(result, "the blob " + bad);
        assertThat(result.err()).contains(message);
        assertThat(run.prompts()).isEmpty();
    }

    static Stream<Arguments> malformedTransferKeys() {
        String privateJwk = new com.nimbusds.jose.jwk.RSAKey.Builder(
                (java.security.interfaces.RSAPublicKey) newPool.keys().getPublic())
                .privateKey(newPool.keys().getPrivate()).build().toJSONString();
        String withoutCertificate = new com.nimbusds.jose.jwk.RSAKey.Builder(
                (java.security.interfaces.RSAPublicKey) newPool.keys().getPublic()).build().toJSONString();
        return Stream.of(
                Arguments.of("not JSON", "{{", "not a valid JWK"),
                Arguments.of("an EC key", "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                        + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}", "kty must be RSA"),
                Arguments.of("no certificate", withoutCertificate, "x5c must hold exactly one self-signed certificate"),
                Arguments.of("a private key", privateJwk, "must hold only the public key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTransferKeys")
    void aMalformedTransferKeyIsRefusedNamingTheProblem(String name, String jwk, String message) throws IOException {
        Path bad = work.resolve("bad-transfer-key.json");
        Files.writeString(bad, jwk);
        CliRun run = CliRun.withTerminal(passphrase("alice"));

        CliRun.Result result = run(run, "--for", bad, "alice", work.resolve("share.jwe"));

        assertUserError(result, "the transfer key " + bad + " is not a valid transfer key");
        assertThat(result.err()).contains(message).contains("GET /securitydomain/upload");
        assertThat(run.prompts()).isEmpty();
        assertThat(result.printed()).doesNotContain(jwk.length() > 40 ? jwk.substring(0, 40) : "\u0000");
    }

    /**
     * Issue 14 item 3: a compromised manager of the new pool hands out a key of its own. Without a
     * node certificate of the pool CA it cannot attest it, so the share is never re-encrypted to it.
     */
    @Test
    void aTransferKeyNotAttestedByANodeOfThePoolCaIsRefusedBeforeAnyPassphrase() throws IOException {
        PoolCa ours = PoolCa.create("ours", java.time.Duration.ofDays(1));
        Path ourCa = work.resolve("ours-ca.crt");
        org.hsmpool.nodeapi.pki.Pem.writeCertificates(ourCa, List.of(ours.certificate()));
        java.time.Duration day = java.time.Duration.ofDays(1);
        Map<String, NewPool> forged = new java.util.LinkedHashMap<>();
        forged.put("is not attested by a node of the pool CA", NewPool.create(work, "by-manager",
                ours.issue(PoolIdentity.manager("manager"), List.of("localhost"), day), ourCa));
        forged.put("was not issued by the pool CA", NewPool.create(work, "other-ca",
                PoolCa.create("other", day).issue(PoolIdentity.node("node-1"), List.of("localhost"), day), ourCa));
        Path unattested = work.resolve("unattested.json");
        Files.writeString(unattested, newPool.transferKey().toJwkJson());
        for (Map.Entry<String, NewPool> attack : forged.entrySet()) {
            CliRun run = CliRun.withTerminal(passphrase("alice"));
            Path out = work.resolve("share-" + attack.getValue().jwkFile().getFileName());
            CliRun.Result result = results(run.run("sd", "share", "--blob", blobFile.toString(), "--cert",
                    home.resolve("alice.crt").toString(), "--key", home.resolve("alice.key").toString(), "--for",
                    attack.getValue().jwkFile().toString(), "--pool-ca", ourCa.toString(), "--out", out.toString()));
            assertUserError(result, "REFUSED");
            assertThat(result.err()).contains(attack.getKey());
            assertThat(run.prompts()).as("refused before the passphrase is asked").isEmpty();
            assertThat(out).doesNotExist();
        }
        CliRun run = CliRun.withTerminal(passphrase("alice"));
        CliRun.Result result = run(run, "--for", unattested, "alice", work.resolve("share-unattested.jwe"));
        assertUserError(result, "REFUSED");
        assertThat(result.err()).contains("carries no node attestation");
        assertThat(work.resolve("share-unattested.jwe")).doesNotExist();
    }

    @Test
    void theWholeAnswerOfTheTransferKeyEndpointIsAcceptedAndTheAttestingNodeIsNamed() throws IOException {
        Path answer = work.resolve("upload-answer.json");
        Files.writeString(answer, "{\"transfer_key\":" + Files.readString(newPool.jwkFile()) + "}");
        Path out = work.resolve("share-alice.jwe");
        CliRun.Result result = run(CliRun.withoutTerminal().env(PassphraseOptions.VARIABLE, passphrase("alice")),
                "--for", answer, "alice", out);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("urn:hsmpool:node:node-1");
        assertThat(out).exists();
    }

    @Test
    void anExistingOutputFileIsReplacedOnlyWithForce() throws IOException {
        Path out = work.resolve("share-alice.jwe");
        Files.writeString(out, "an earlier file");

        CliRun.Result refused = share("alice", out);
        assertUserError(refused, out + " already exists; choose another --out, or add --force to replace it");
        assertThat(out).hasContent("an earlier file");

        CliRun.Result forced = share("alice", out, "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(Files.readString(out)).startsWith("eyJ");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    }

    @Test
    void aMissingInputFileIsNamed() {
        Path missing = work.resolve("nowhere.json");

        CliRun.Result result = run(CliRun.withTerminal(passphrase("alice")), "--blob", missing, "alice",
                work.resolve("share.jwe"));

        assertUserError(result, "the blob " + missing + " does not exist");
    }

    @Test
    void aKeyFileOfAnotherAdministratorIsRefused() {
        CliRun.Result result = results(CliRun.withTerminal(passphrase("bob")).run("sd", "share",
                "--blob", blobFile.toString(), "--cert", home.resolve("alice.crt").toString(),
                "--key", home.resolve("bob.key").toString(), "--for", newPool.jwkFile().toString(),
                "--pool-ca", newPool.caFile().toString(), "--out", work.resolve("share.jwe").toString()));

        assertUserError(result, "the private key file " + home.resolve("bob.key") + " cannot be used");
        assertThat(result.err()).contains("does not belong to the certificate");
    }

    private CliRun.Result share(String admin, Path out, String... more) {
        CliRun run = more.length > 0 && more[0].equals("--passphrase-file")
                ? CliRun.withoutTerminal()
                : CliRun.withoutTerminal().env(PassphraseOptions.VARIABLE, passphrase(admin));
        return run(run, null, null, admin, out, more);
    }

    private CliRun.Result run(CliRun run, String admin, Path out) {
        return run(run, null, null, admin, out);
    }

    private CliRun.Result run(CliRun run, String option, Path replacement, String admin, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("sd", "share",
                "--blob", blobFile.toString(),
                "--cert", home.resolve(admin + ".crt").toString(),
                "--key", home.resolve(admin + ".key").toString(),
                "--for", newPool.jwkFile().toString(),
                "--pool-ca", newPool.caFile().toString(),
                "--out", out.toString()));
        if (option != null) {
            args.set(args.indexOf(option) + 1, replacement.toString());
        }
        args.addAll(List.of(more));
        return results(run.run(args.toArray(String[]::new)));
    }

    private CliRun.Result results(CliRun.Result result) {
        results.add(result);
        return result;
    }

    private Path passphraseFile(String admin) throws IOException {
        Path file = work.resolve(admin + ".pass");
        Files.writeString(file, passphrase(admin) + "\n");
        return file;
    }
}
