package org.hsmpool.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hsmpool.node.it.SecurityDomains.RANDOM;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.hsmpool.node.testing.JcaKeys;
import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.v1.*;
import org.hsmpool.sd.AdminKeyPair;
import org.hsmpool.sd.SecurityDomain;
import org.hsmpool.sd.SecurityDomainBlob;
import org.hsmpool.sd.SelfSignedCertificate;
import org.hsmpool.sd.TransferKey;
import org.hsmpool.testkit.NodeProcess;
import org.hsmpool.testkit.TestPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.protobuf.ByteString;

/**
 * Activation and restore of a security domain across real node processes on their own SoftHSM2
 * tokens (DESIGN.md flows 2 and 6): node A creates the domain for three administrators, quorum two;
 * fresh node B publishes a transfer key, two administrators re-encrypt their own shares to it, and
 * B recombines S inside itself. Keys sealed in A then open in B. Every refusal is typed and leaves
 * B as it was, which the final, valid restore proves. The tests run in order: refusals before the
 * restore that changes B.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityDomainIT {
    private static final int REQUIRED = 2;

    private static TestPool pool;
    private static NodeProcess nodeA;
    private static NodeProcess nodeB;
    private static NodeProcess nodeC;
    private static NodeClient a;
    private static NodeClient b;
    private static NodeClient c;
    private static List<AdminKeyPair> admins;
    private static String poolId;
    private static SecurityDomainReply created;
    private static SecurityDomainBlob blob;
    private static List<byte[]> shareBytes;

    @BeforeAll
    static void start() throws Exception {
        pool = new TestPool(Nodes.workDir("security-domain"));
        nodeA = pool.node("node-a").start();
        nodeB = pool.node("node-b").start();
        nodeC = pool.node("node-c").start();
        admins = SecurityDomains.admins(3);
        nodeA.awaitReady();
        nodeB.awaitReady();
        nodeC.awaitReady();
        a = pool.managerClient(nodeA);
        b = pool.managerClient(nodeB);
        c = pool.managerClient(nodeC);
        poolId = Nodes.newKeyId();
        created = SecurityDomains.create(a, admins, REQUIRED, poolId);
        blob = SecurityDomainBlob.parse(created.getBlobJson());
        shareBytes = admins.stream().map(admin -> SecurityDomains.shareBytes(blob, admin)).toList();
    }

    @AfterAll
    static void stop() throws Exception {
        for (NodeClient client : new NodeClient[] {a, b, c}) {
            if (client != null) {
                client.close();
            }
        }
        for (NodeProcess n : new NodeProcess[] {nodeA, nodeB, nodeC}) {
            if (n != null) {
                n.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // create

    @Test
    @Order(1)
    void createSplitsTheMasterBetweenTheAdministratorsAndInstallsTheDomainKeys() {
        assertThat(created.getState().getInstalled()).isTrue();
        assertThat(HexFormat.of().formatHex(created.getState().getDomainId().toByteArray())).isEqualTo(poolId);
        assertThat(blob.poolId()).isEqualTo(poolId);
        assertThat(blob.facts().required()).isEqualTo(REQUIRED);
        assertThat(blob.facts().shareCount()).isEqualTo(3);
        for (int i = 0; i < admins.size(); i++) {
            assertThat(blob.share(i + 1).recipient()).isEqualTo(admins.get(i).thumbprint());
        }
        // each administrator can open only their own share, and the shares differ
        assertThat(shareBytes).hasSize(3).doesNotHaveDuplicates();
        assertThat(shareBytes.stream().map(HexFormat.of()::formatHex).distinct()).hasSize(3);
        NodeInfo info = SecurityDomains.info(a);
        assertThat(info.getDomainInstalled()).isTrue();
        assertThat(info.getDomainId()).isEqualTo(poolId);
    }

    @Test
    @Order(1)
    void theCreatingNodeAttestsExactlyTheBlobItReturned() throws Exception {
        var attestation = org.hsmpool.nodeapi.pki.ActivationAttestation.fromJson(
                com.nimbusds.jose.util.JSONObjectUtils.parse(created.getAttestationJson()));
        assertThat(attestation.verify(created.getBlobJson(), List.of(pool.ca().certificate())).name()).isEqualTo("node-a");
        // a blob with another quorum or other certificates (what a manager might substitute) is not covered
        byte[] master = new byte[32];
        new java.security.SecureRandom().nextBytes(master);
        String other = org.hsmpool.sd.SecurityDomain.create(master, poolId,
                admins.stream().map(org.hsmpool.sd.AdminKeyPair::certificate).toList(), 3, java.time.Instant.now(),
                new java.security.SecureRandom()).toJson();
        assertThatThrownBy(() -> attestation.verify(other, List.of(pool.ca().certificate())))
                .isInstanceOf(java.security.SignatureException.class).hasMessageContaining("activation attestation");
        var otherCa = org.hsmpool.nodeapi.pki.PoolCa.create("elsewhere", java.time.Duration.ofDays(1));
        assertThatThrownBy(() -> attestation.verify(created.getBlobJson(), List.of(otherCa.certificate())))
                .isInstanceOf(java.security.SignatureException.class).hasMessageContaining("not issued by the pool CA");
    }

    @Test
    @Order(1)
    void aNodeWithDomainKeysRefusesToCreateOrRestoreAnotherDomain() {
        assertRefused(() -> SecurityDomains.create(a, admins, REQUIRED, poolId), NodeError.Reason.WRONG_DOMAIN,
                "already holds the keys of security domain " + poolId);
        assertRefused(() -> SecurityDomains.create(a, admins, REQUIRED, Nodes.newKeyId()),
                NodeError.Reason.WRONG_DOMAIN, "already holds the keys");
        assertRefused(() -> SecurityDomains.restore(a, created.getBlobJson(), List.of()),
                NodeError.Reason.WRONG_DOMAIN, "already holds the keys");
        assertThat(SecurityDomains.info(a).getDomainId()).isEqualTo(poolId);
    }

    record CreateCase(String name, Supplier<CreateSecurityDomainRequest> request, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<CreateCase> badCreates() {
        return Stream.of(
                new CreateCase("a pool id that is not a domain id", () -> createRequest(admins, 2, "pool-one"),
                        "32 lowercase hex"),
                new CreateCase("an upper-case domain id", () -> createRequest(admins, 2, poolId.toUpperCase()),
                        "32 lowercase hex"),
                new CreateCase("two administrators", () -> createRequest(admins.subList(0, 2), 2, Nodes.newKeyId()),
                        "share_count (N) must be between 3 and 10, got 2"),
                new CreateCase("a quorum of one", () -> createRequest(admins, 1, Nodes.newKeyId()),
                        "required (M) must be between 2"),
                new CreateCase("a quorum above N", () -> createRequest(admins, 4, Nodes.newKeyId()),
                        "required (M) must be between 2"),
                new CreateCase("bytes that are no certificate", () -> createRequest(admins, 2, Nodes.newKeyId())
                        .toBuilder().setAdminCertificates(1, ByteString.copyFromUtf8("not a certificate")).build(),
                        "admin_certificates[1] is not a DER X.509 certificate"),
                new CreateCase("one administrator twice", () -> createRequest(
                        List.of(admins.get(0), admins.get(1), admins.get(0)), 2, Nodes.newKeyId()), "given twice"),
                new CreateCase("an RSA-1024 certificate", () -> createRequest(admins.subList(0, 2), 2,
                        Nodes.newKeyId()).toBuilder().addAdminCertificates(rsa1024Certificate()).build(),
                        "1024-bit RSA key"));
    }

    @ParameterizedTest(name = "create refuses {0}")
    @MethodSource("badCreates")
    @Order(1)
    void createRefusesBadInputAndLeavesTheNodeWithoutDomain(CreateCase bad) {
        CreateSecurityDomainRequest request = bad.request().get();
        assertRefused(() -> c.call(s -> s.createSecurityDomain(request)), NodeError.Reason.BAD_REQUEST, bad.message());
        NodeInfo info = SecurityDomains.info(c);
        assertThat(info.getDomainInstalled()).isFalse();
        assertThat(info.getDomainId()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------
    // transfer key

    @Test
    @Order(2)
    void aFreshNodeOffersOneTransferKeyMadeInItsTokenThatSurvivesARestart() throws Exception {
        String jwk = SecurityDomains.transferKey(b);
        TransferKey key = TransferKey.parse(jwk); // self-signed, thumbprint and key agree, public only
        assertThat(TransferKey.parse(SecurityDomains.transferKey(b))).isEqualTo(key);
        assertThat(key.publicKey().getModulus().bitLength()).isEqualTo(3072);
        assertThat(key.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(key.certificate().getSubjectX500Principal().getName()).contains("node-b");
        key.certificate().verify(key.publicKey());
        assertThat(jwk).contains("\"x5c\"", "\"x5t#S256\"").doesNotContain("\"d\"", "\"p\"", "\"q\"");

        nodeB.restart();
        assertThat(TransferKey.parse(SecurityDomains.transferKey(b))).as("the same key and certificate after a restart")
                .isEqualTo(key);
        // attested by node-b's pool-CA certificate (issue 14 item 3): what hsmpool sd share --pool-ca checks
        var attestation = org.hsmpool.nodeapi.pki.TransferKeyAttestation.fromJson(com.nimbusds.jose.util.JSONObjectUtils
                .parse(SecurityDomains.transferKey(b)).get(org.hsmpool.nodeapi.pki.TransferKeyAttestation.JWK_MEMBER));
        assertThat(attestation.verify(key.certificate().getEncoded(), List.of(pool.ca().certificate())))
                .isEqualTo(org.hsmpool.nodeapi.pki.PoolIdentity.node("node-b"));
        assertThatThrownBy(() -> attestation.verify(TransferKey.parse(SecurityDomains.transferKey(c)).certificate()
                .getEncoded(), List.of(pool.ca().certificate()))).as("it vouches for node-b's key only")
                .hasMessageContaining("does not verify");
        assertThat(TransferKey.parse(SecurityDomains.transferKey(c)).thumbprint())
                .isNotEqualTo(key.thumbprint());
        assertThat(SecurityDomains.info(b).getKeyCount()).as("the transfer key is no application key").isZero();
    }

    // ---------------------------------------------------------------------------------------
    // restore refusals: each typed, each leaves B unchanged

    record RestoreCase(String name, Supplier<RestoreSecurityDomainRequest> request, NodeError.Reason reason,
            String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<RestoreCase> badRestores() {
        return Stream.of(
                new RestoreCase("fewer shares than the quorum", () -> restoreRequest(created.getBlobJson(),
                        List.of(shareFor(0))), NodeError.Reason.BAD_REQUEST,
                        "1 transfer shares given, the quorum is 2 of 3 [TOO_FEW_SHARES]"),
                new RestoreCase("no share at all", () -> restoreRequest(created.getBlobJson(), List.of()),
                        NodeError.Reason.BAD_REQUEST, "[TOO_FEW_SHARES]"),
                new RestoreCase("the same share twice", () -> {
                    String one = shareFor(0);
                    return restoreRequest(created.getBlobJson(), List.of(one, one));
                }, NodeError.Reason.BAD_REQUEST, "is share 1 again; each administrator's share counts once"
                        + " [DUPLICATE_SHARE]"),
                new RestoreCase("one administrator's share re-encrypted twice", () -> restoreRequest(
                        created.getBlobJson(), List.of(shareFor(1), shareFor(1))), NodeError.Reason.BAD_REQUEST,
                        "[DUPLICATE_SHARE]"),
                new RestoreCase("shares of another domain", () -> {
                    SecurityDomainBlob other = otherDomain(Nodes.newKeyId());
                    return restoreRequest(created.getBlobJson(), List.of(
                            SecurityDomains.share(other, admins.get(0), transferKeyOfB()),
                            SecurityDomains.share(other, admins.get(1), transferKeyOfB())));
                }, NodeError.Reason.WRONG_DOMAIN, "belongs to the security domain of pool"),
                new RestoreCase("a share of another domain with the same pool id", () -> {
                    SecurityDomainBlob other = otherDomain(poolId);
                    return restoreRequest(created.getBlobJson(), List.of(shareFor(0),
                            SecurityDomains.share(other, admins.get(1), transferKeyOfB())));
                }, NodeError.Reason.WRONG_DOMAIN, "transfer share #2 belongs to another security domain of pool"),
                new RestoreCase("a tampered blob", () -> restoreRequest(alterCreated(created.getBlobJson()),
                        List.of(shareFor(0), shareFor(1))), NodeError.Reason.INTEGRITY,
                        "disagree on created; the blob was altered [TAMPERED]"),
                new RestoreCase("a tampered share", () -> restoreRequest(created.getBlobJson(),
                        List.of(shareFor(0), alterCiphertext(shareFor(2)))), NodeError.Reason.INTEGRITY,
                        "transfer share #2 does not decrypt"),
                new RestoreCase("a share for another node's transfer key", () -> restoreRequest(
                        created.getBlobJson(), List.of(SecurityDomains.share(blob, admins.get(0),
                                SecurityDomains.transferKey(c)), shareFor(1))), NodeError.Reason.BAD_REQUEST,
                        "is encrypted to the transfer key"),
                new RestoreCase("a share for a transfer key made outside any token", () -> restoreRequest(
                        created.getBlobJson(), List.of(shareFor(0), SecurityDomains.share(blob, admins.get(1),
                                softwareTransferKey()))), NodeError.Reason.BAD_REQUEST, "[WRONG_TRANSFER_KEY]"),
                new RestoreCase("administrator shares from the blob instead of transfer shares", () -> restoreRequest(
                        created.getBlobJson(), List.of(blob.share(1).jwe(), blob.share(2).jwe())),
                        NodeError.Reason.BAD_REQUEST, "[MALFORMED_SHARE]"),
                new RestoreCase("a blob that is not one", () -> restoreRequest("{\"format\":\"something else\"}",
                        List.of(shareFor(0), shareFor(1))), NodeError.Reason.BAD_REQUEST, "[MALFORMED_BLOB]"),
                new RestoreCase("a domain whose pool id is not a domain id", () -> {
                    SecurityDomainBlob other = otherDomain("pool-one");
                    return restoreRequest(other.toJson(), List.of(
                            SecurityDomains.share(other, admins.get(0), transferKeyOfB()),
                            SecurityDomains.share(other, admins.get(1), transferKeyOfB())));
                }, NodeError.Reason.BAD_REQUEST, "the blob's pool_id must be a security domain id of hsm-node"));
    }

    @ParameterizedTest(name = "restore refuses {0}")
    @MethodSource("badRestores")
    @Order(3)
    void aRefusedRestoreIsTypedAndLeavesTheNodeUnchanged(RestoreCase bad) {
        String transferKeyBefore = transferKeyOfB();
        RestoreSecurityDomainRequest request = bad.request().get();

        NodeClient.NodeCallException refusal = assertRefused(() -> b.call(s -> s.restoreSecurityDomain(request)),
                bad.reason(), bad.message());

        assertThat(refusal.error().getMessage()).as("no share bytes in the message")
                .satisfies(message -> Leaks.assertNoneIn(message, shareBytes));
        NodeInfo info = SecurityDomains.info(b);
        assertThat(info.getDomainInstalled()).isFalse();
        assertThat(info.getDomainId()).isEmpty();
        assertThat(info.getKeyCount()).isZero();
        assertThat(transferKeyOfB()).as("the transfer key is kept").isEqualTo(transferKeyBefore);
    }

    // ---------------------------------------------------------------------------------------
    // restore

    @Test
    @Order(4)
    void aQuorumOfReencryptedSharesRestoresTheDomainInsideAFreshNode() {
        String transferKey = transferKeyOfB();
        List<String> shares = List.of(shareFor(0), shareFor(2));

        DomainState state = b.call(s -> s.restoreSecurityDomain(restoreRequest(created.getBlobJson(), shares)));

        assertThat(state.getInstalled()).isTrue();
        assertThat(HexFormat.of().formatHex(state.getDomainId().toByteArray())).isEqualTo(poolId);
        assertThat(SecurityDomains.info(b).getDomainId()).isEqualTo(poolId);
        // the transfer key is gone: a new request makes another one, and the old shares open nothing
        String next = transferKeyOfB();
        assertThat(TransferKey.parse(next).thumbprint()).isNotEqualTo(TransferKey.parse(transferKey).thumbprint());
        assertRefused(() -> SecurityDomains.restore(b, created.getBlobJson(), shares), NodeError.Reason.WRONG_DOMAIN,
                "already holds the keys of security domain " + poolId);
    }

    static Stream<Arguments> signingKeys() {
        return Stream.of(
                Arguments.of(KeySpec.newBuilder().setType(KeyType.RSA).setSize(3072).build(), SignAlgorithm.RS256,
                        "SHA-256", "SHA256withRSA"),
                Arguments.of(KeySpec.newBuilder().setType(KeyType.EC).setCurve(Curve.P_256).build(),
                        SignAlgorithm.ES256, "SHA-256", "SHA256withPLAIN-ECDSA"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("signingKeys")
    @Order(5)
    void aKeySealedInAImportsIntoTheRestoredNodeAndItsSignatureVerifiesWithAsPublicKey(KeySpec spec,
            SignAlgorithm alg, String hash, String jcaAlg) throws Exception {
        String id = Nodes.newKeyId();
        KeyMaterial made = a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(id).setSpec(spec)
                .addOps(KeyOp.SIGN).addOps(KeyOp.VERIFY).build()));

        KeyMaterial imported = b.call(s -> s.importWrapped(
                ImportWrappedRequest.newBuilder().setWrappedKey(made.getWrappedKey()).build()));
        assertThat(imported.getPublicKey()).isEqualTo(made.getPublicKey());

        byte[] message = ("signed in the restored node with " + alg).getBytes();
        byte[] digest = Nodes.sha(hash, message);
        byte[] signature = b.call(s -> s.sign(SignRequest.newBuilder().setKeyId(id).setAlgorithm(alg)
                .setDigest(ByteString.copyFrom(digest)).build())).getSignature().toByteArray();
        Signature verifier = Signature.getInstance(jcaAlg, JcaKeys.BC);
        verifier.initVerify(publicKey(spec, made.getPublicKey()));
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    @Order(5)
    void anAesKeySealedInTheRestoredNodeOpensInA() {
        String id = Nodes.newKeyId();
        KeyMaterial made = b.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(id)
                .setSpec(KeySpec.newBuilder().setType(KeyType.OCT).setSize(256))
                .addOps(KeyOp.ENCRYPT).addOps(KeyOp.DECRYPT).build()));
        a.call(s -> s.importWrapped(ImportWrappedRequest.newBuilder().setWrappedKey(made.getWrappedKey()).build()));

        ByteString plaintext = ByteString.copyFromUtf8("restored domain, same W and H");
        EncryptReply inB = b.call(s -> s.encrypt(EncryptRequest.newBuilder().setKeyId(id)
                .setAlgorithm(CipherAlgorithm.A256GCM).setPlaintext(plaintext).build()));
        DecryptReply inA = a.call(s -> s.decrypt(DecryptRequest.newBuilder().setKeyId(id)
                .setAlgorithm(CipherAlgorithm.A256GCM).setCiphertext(inB.getCiphertext()).setIv(inB.getIv())
                .setTag(inB.getTag()).build()));
        assertThat(inA.getPlaintext()).isEqualTo(plaintext);
    }

    @Test
    @Order(6)
    void restoredDomainKeysTravelOnToAPeerThroughTheAttestedTransfer() {
        Nodes.transferDomain(b, c);
        assertThat(SecurityDomains.info(c).getDomainId()).isEqualTo(poolId);

        String id = Nodes.newKeyId();
        KeyMaterial made = a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(id)
                .setSpec(KeySpec.newBuilder().setType(KeyType.EC).setCurve(Curve.P_384)).addOps(KeyOp.SIGN)
                .addOps(KeyOp.VERIFY).build()));
        c.call(s -> s.importWrapped(ImportWrappedRequest.newBuilder().setWrappedKey(made.getWrappedKey()).build()));
        byte[] digest = new byte[48];
        RANDOM.nextBytes(digest);
        ByteString signature = c.call(s -> s.sign(SignRequest.newBuilder().setKeyId(id)
                .setAlgorithm(SignAlgorithm.ES384).setDigest(ByteString.copyFrom(digest)).build())).getSignature();
        assertThat(a.call(s -> s.verify(VerifyRequest.newBuilder().setKeyId(id).setAlgorithm(SignAlgorithm.ES384)
                .setDigest(ByteString.copyFrom(digest)).setSignature(signature).build())).getValid()).isTrue();
    }

    // ---------------------------------------------------------------------------------------

    private static NodeClient.NodeCallException assertRefused(Runnable call, NodeError.Reason reason, String message) {
        List<NodeClient.NodeCallException> caught = new ArrayList<>();
        assertThatThrownBy(call::run).isInstanceOfSatisfying(NodeClient.NodeCallException.class, e -> {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
            assertThat(e.error().getMessage()).contains(message);
            caught.add(e);
        });
        return caught.get(0);
    }

    private static String transferKeyOfB() {
        return SecurityDomains.transferKey(b);
    }

    private static String shareFor(int admin) {
        return SecurityDomains.share(blob, admins.get(admin), transferKeyOfB());
    }

    private static CreateSecurityDomainRequest createRequest(List<AdminKeyPair> who, int required, String pool) {
        return CreateSecurityDomainRequest.newBuilder().addAllAdminCertificates(SecurityDomains.certificates(who))
                .setRequired(required).setPoolId(pool).build();
    }

    private static RestoreSecurityDomainRequest restoreRequest(String blobJson, List<String> shares) {
        return RestoreSecurityDomainRequest.newBuilder().setBlobJson(blobJson).addAllShares(shares).build();
    }

    /** Another security domain for the same administrators, made in software by the library. */
    private static SecurityDomainBlob otherDomain(String otherPoolId) {
        byte[] master = new byte[32];
        RANDOM.nextBytes(master);
        return SecurityDomain.create(master, otherPoolId, admins.stream().map(AdminKeyPair::certificate).toList(),
                REQUIRED, Instant.now(), RANDOM);
    }

    private static String alterCreated(String json) {
        Matcher m = Pattern.compile("\"created\" : (\\d+)").matcher(json);
        assertThat(m.find()).isTrue();
        return m.replaceFirst("\"created\" : " + (Long.parseLong(m.group(1)) + 1));
    }

    /** Change one character in the middle of the ciphertext part, keeping the base64url canonical. */
    private static String alterCiphertext(String jwe) {
        String[] parts = jwe.split("\\.");
        char[] ciphertext = parts[3].toCharArray();
        ciphertext[10] = ciphertext[10] == 'A' ? 'B' : 'A';
        parts[3] = new String(ciphertext);
        return String.join(".", parts);
    }

    private static String softwareTransferKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(3072);
            return TransferKey.of(SelfSignedCertificate.issue(generator.generateKeyPair(), "not a node",
                    Instant.now(), Duration.ofDays(1))).toJwkJson();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ByteString rsa1024Certificate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024);
            return ByteString.copyFrom(SelfSignedCertificate.issue(generator.generateKeyPair(), "weak admin",
                    Instant.now(), Duration.ofDays(1)).getEncoded());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static PublicKey publicKey(KeySpec spec, org.hsmpool.nodeapi.v1.PublicKey key) throws Exception {
        if (spec.getType() == KeyType.RSA) {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                    new BigInteger(1, key.getN().toByteArray()), new BigInteger(1, key.getE().toByteArray())));
        }
        return JcaKeys.of(new org.hsmpool.node.token.PublicKeyMaterial.Ec(org.hsmpool.node.token.Curve.P_256,
                key.getX().toByteArray(), key.getY().toByteArray()));
    }
}
