package org.hsmpool.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.stream.Stream;

import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.hsmpool.node.testing.JcaKeys;
import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.v1.*;
import org.hsmpool.testkit.NodeProcess;
import org.hsmpool.testkit.TestPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.protobuf.ByteString;

/**
 * Two node processes on two SoftHSM2 tokens in one domain: a key generated in A travels to B only
 * as a sealed blob, works in B, and B's results check out against A's public key. Blobs from
 * another domain, or altered ones, are refused with a typed error and leave nothing behind.
 */
class KeyPortabilityIT {
    private static DomainPair pair;
    private static TestPool pool;
    private static NodeClient a;
    private static NodeClient b;
    private static ByteString domainId;

    @BeforeAll
    static void start() throws Exception {
        pair = DomainPair.start("portability");
        pool = pair.pool;
        a = pair.a;
        b = pair.b;
        domainId = pair.domainId;
    }

    @AfterAll
    static void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void bothNodesReportTheirTokenAndTheSameDomain() {
        NodeInfo infoA = a.call(s -> s.info(InfoRequest.getDefaultInstance()));
        NodeInfo infoB = b.call(s -> s.info(InfoRequest.getDefaultInstance()));
        assertThat(infoA.getTokenLabel()).isEqualTo("node-a");
        assertThat(infoB.getTokenLabel()).isEqualTo("node-b");
        assertThat(infoA.getMechanismsList()).contains("CKM_AES_KEY_WRAP_PAD", "CKM_RSA_PKCS_OAEP", "CKM_ECDSA");
        assertThat(infoA.getDomainInstalled()).isTrue();
        assertThat(infoB.getDomainId()).isEqualTo(infoA.getDomainId()).hasSize(32);
        assertThat(b.call(s -> s.health(HealthRequest.getDefaultInstance())).getStatus())
                .isEqualTo(HealthReply.Status.SERVING);
    }

    static Stream<Arguments> signingKeys() {
        return Stream.of(
                Arguments.of(KeySpec.newBuilder().setType(KeyType.RSA).setSize(2048).build(), SignAlgorithm.RS256,
                        "SHA-256", "SHA256withRSA"),
                Arguments.of(KeySpec.newBuilder().setType(KeyType.RSA).setSize(3072).build(), SignAlgorithm.PS384,
                        "SHA-384", "SHA384withRSAandMGF1"),
                Arguments.of(KeySpec.newBuilder().setType(KeyType.EC).setCurve(Curve.P_256).build(),
                        SignAlgorithm.ES256, "SHA-256", "SHA256withPLAIN-ECDSA"),
                Arguments.of(KeySpec.newBuilder().setType(KeyType.EC).setCurve(Curve.P_256K).build(),
                        SignAlgorithm.ES256K, "SHA-256", "SHA256withPLAIN-ECDSA"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("signingKeys")
    void aKeyGeneratedInASignsInBAndVerifiesWithAsPublicKey(KeySpec spec, SignAlgorithm alg, String hash,
            String jcaAlg) throws Exception {
        String id = Nodes.newKeyId();
        KeyMaterial made = a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(id).setSpec(spec)
                .addOps(KeyOp.SIGN).addOps(KeyOp.VERIFY).build()));
        assertThat(made.getWrappedKey().size()).isGreaterThan(32);
        assertThat(Nodes.keys(b).getKeyIdsList()).doesNotContain(id);

        KeyMaterial imported = b.call(s -> s.importWrapped(
                ImportWrappedRequest.newBuilder().setWrappedKey(made.getWrappedKey()).build()));
        assertThat(imported.getPublicKey()).isEqualTo(made.getPublicKey());

        byte[] message = ("signed in B with " + alg).getBytes();
        byte[] digest = Nodes.sha(hash, message);
        byte[] signature = b.call(s -> s.sign(SignRequest.newBuilder().setKeyId(id).setAlgorithm(alg)
                .setDigest(ByteString.copyFrom(digest)).build())).getSignature().toByteArray();

        Signature verifier = Signature.getInstance(jcaAlg, JcaKeys.BC);
        verifier.initVerify(publicKey(spec, made.getPublicKey()));
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
        assertThat(a.call(s -> s.verify(VerifyRequest.newBuilder().setKeyId(id).setAlgorithm(alg)
                .setDigest(ByteString.copyFrom(digest)).setSignature(ByteString.copyFrom(signature)).build()))
                .getValid()).isTrue();

        // importing the same blob again is harmless (replication may deliver twice)
        b.call(s -> s.importWrapped(ImportWrappedRequest.newBuilder().setWrappedKey(made.getWrappedKey()).build()));
    }

    /**
     * A push and a catch-up may deliver the same version to a node at the same moment: every delivery
     * succeeds with the one key (before, the later ones lost the token's claim on the id and failed
     * KEY_EXISTS, which sent the node to catch up for nothing).
     */
    @Test
    void theSameSealedKeyDeliveredAtOnceIsImportedOnceAndEveryDeliverySucceeds() throws Exception {
        String id = Nodes.newKeyId();
        KeyMaterial made = a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(id)
                .setSpec(KeySpec.newBuilder().setType(KeyType.RSA).setSize(2048)).addOps(KeyOp.SIGN).build()));
        int deliveries = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(deliveries);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<KeyMaterial>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return b.call(s -> s.importWrapped(ImportWrappedRequest.newBuilder()
                            .setWrappedKey(made.getWrappedKey()).build()));
                }));
            }
            go.countDown();
            for (var answer : answers) {
                assertThat(answer.get(60, java.util.concurrent.TimeUnit.SECONDS).getPublicKey())
                        .isEqualTo(made.getPublicKey());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(Nodes.keys(b).getKeyIdsList().stream().filter(id::equals)).hasSize(1);
    }

    @Test
    void anAesKeyGeneratedInAEncryptsInBAndDecryptsInA() {
        String id = Nodes.newKeyId();
        KeyMaterial made = a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(id)
                .setSpec(KeySpec.newBuilder().setType(KeyType.OCT).setSize(256))
                .addOps(KeyOp.ENCRYPT).addOps(KeyOp.DECRYPT).build()));
        b.call(s -> s.importWrapped(ImportWrappedRequest.newBuilder().setWrappedKey(made.getWrappedKey()).build()));

        ByteString plaintext = ByteString.copyFromUtf8("travels only as ciphertext");
        ByteString aad = ByteString.copyFromUtf8("context");
        EncryptReply inB = b.call(s -> s.encrypt(EncryptRequest.newBuilder().setKeyId(id)
                .setAlgorithm(CipherAlgorithm.A256GCM).setPlaintext(plaintext).setAad(aad).build()));
        assertThat(inB.getIv().size()).isEqualTo(12);
        assertThat(inB.getTag().size()).isEqualTo(16);
        DecryptReply inA = a.call(s -> s.decrypt(DecryptRequest.newBuilder().setKeyId(id)
                .setAlgorithm(CipherAlgorithm.A256GCM).setCiphertext(inB.getCiphertext()).setIv(inB.getIv())
                .setTag(inB.getTag()).setAad(aad).build()));
        assertThat(inA.getPlaintext()).isEqualTo(plaintext);
    }

    @Test
    void anAlteredSealedKeyIsRefusedAndLeavesNothingBehind() {
        String id = Nodes.newKeyId();
        KeyMaterial made = a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(id)
                .setSpec(KeySpec.newBuilder().setType(KeyType.EC).setCurve(Curve.P_384)).addOps(KeyOp.SIGN).build()));
        SealedKey sealed = parse(made.getWrappedKey());
        // widen the usages in the body: the MAC must catch it
        WrappedKeyBody body = parseBody(sealed.getBody()).toBuilder().addOps(KeyOp.VERIFY).build();
        ByteString altered = sealed.toBuilder().setBody(body.toByteString()).build().toByteString();
        int before = Nodes.keys(b).getKeyIdsCount();

        assertThatThrownBy(() -> b.call(s -> s.importWrapped(
                ImportWrappedRequest.newBuilder().setWrappedKey(altered).build())))
                .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                        e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.INTEGRITY));
        assertThatThrownBy(() -> b.call(s -> s.importWrapped(ImportWrappedRequest.newBuilder()
                .setWrappedKey(ByteString.copyFromUtf8("not a sealed key")).build())))
                .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                        e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.BAD_REQUEST));
        assertThat(Nodes.keys(b).getKeyIdsList()).hasSize(before).doesNotContain(id);
    }

    @Test
    void openSealedAnswersWhatEachSealedKeySealsAndRefusesAnAlteredOneByIndex() {
        KeyMaterial ec = a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(Nodes.newKeyId())
                .setSpec(KeySpec.newBuilder().setType(KeyType.EC).setCurve(Curve.P_256)).addOps(KeyOp.SIGN).build()));
        KeyMaterial aes = a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(Nodes.newKeyId())
                .setSpec(KeySpec.newBuilder().setType(KeyType.OCT).setSize(128)).addOps(KeyOp.ENCRYPT)
                .addOps(KeyOp.DECRYPT).build()));
        int before = Nodes.keys(b).getKeyIdsCount();

        OpenSealedReply opened = b.call(s -> s.openSealed(OpenSealedRequest.newBuilder()
                .addSealedKeys(ec.getWrappedKey()).addSealedKeys(aes.getWrappedKey()).build()));
        assertThat(opened.getKeysList()).extracting(KeyMaterial::getKeyId).containsExactly(ec.getKeyId(),
                aes.getKeyId());
        assertThat(opened.getKeys(0).getPublicKey()).isEqualTo(ec.getPublicKey());
        assertThat(opened.getKeys(0).getSpec()).isEqualTo(ec.getSpec());
        assertThat(opened.getKeys(0).getOpsList()).containsExactly(KeyOp.SIGN);
        assertThat(opened.getKeys(1).getOpsList()).containsExactlyInAnyOrder(KeyOp.ENCRYPT, KeyOp.DECRYPT);
        assertThat(opened.getKeys(1).getWrappedKey().isEmpty()).isTrue();
        assertThat(Nodes.keys(b).getKeyIdsCount()).as("opening stores nothing").isEqualTo(before);

        // a new public key in the body (what an attacker wants the pool to believe): the MAC catches it
        SealedKey sealed = parse(ec.getWrappedKey());
        WrappedKeyBody body = parseBody(sealed.getBody()).toBuilder()
                .setPublicKey(aes.getPublicKey().toBuilder().setX(ByteString.copyFrom(new byte[32]))
                        .setY(ByteString.copyFrom(new byte[32])))
                .build();
        ByteString altered = sealed.toBuilder().setBody(body.toByteString()).build().toByteString();
        assertThatThrownBy(() -> b.call(s -> s.openSealed(OpenSealedRequest.newBuilder()
                .addSealedKeys(aes.getWrappedKey()).addSealedKeys(altered).build())))
                .isInstanceOfSatisfying(NodeClient.NodeCallException.class, e -> {
                    assertThat(e.reason()).isEqualTo(NodeError.Reason.INTEGRITY);
                    assertThat(e.getMessage()).contains("sealed key 1");
                });
        OpenSealedRequest.Builder tooMany = OpenSealedRequest.newBuilder();
        for (int i = 0; i <= 1000; i++) {
            tooMany.addSealedKeys(aes.getWrappedKey());
        }
        assertThatThrownBy(() -> b.call(s -> s.openSealed(tooMany.build())))
                .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                        e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.BAD_REQUEST));
    }

    @Test
    void aKeyFromAnotherDomainIsRefusedWithATypedErrorAndLeavesNothingBehind() throws Exception {
        String id = Nodes.newKeyId();
        KeyMaterial made = a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(id)
                .setSpec(KeySpec.newBuilder().setType(KeyType.RSA).setSize(2048)).addOps(KeyOp.SIGN).build()));

        try (NodeProcess other = pool.node("node-other").start().awaitReady();
                NodeClient c = pool.managerClient(other)) {
            // a node of another domain: refused before anything is unwrapped
            Nodes.createDomain(c, Nodes.newDomainId());
            assertThatThrownBy(() -> c.call(s -> s.importWrapped(
                    ImportWrappedRequest.newBuilder().setWrappedKey(made.getWrappedKey()).build())))
                    .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                            e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.WRONG_DOMAIN));
            assertThat(Nodes.keys(c).getKeyIdsList()).isEmpty();
        }

        try (NodeProcess impostor = pool.node("node-impostor").start().awaitReady();
                NodeClient d = pool.managerClient(impostor)) {
            // same domain id, but its own wrap and MAC keys: the wrong wrap key
            Nodes.createDomain(d, domainId);
            assertThatThrownBy(() -> d.call(s -> s.importWrapped(
                    ImportWrappedRequest.newBuilder().setWrappedKey(made.getWrappedKey()).build())))
                    .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                            e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.INTEGRITY));
            assertThat(Nodes.keys(d).getKeyIdsList()).isEmpty();
        }
    }

    @Test
    void badRequestsGetTypedErrors() {
        assertThatThrownBy(() -> a.call(s -> s.sign(SignRequest.newBuilder().setKeyId("not-hex")
                .setAlgorithm(SignAlgorithm.ES256).setDigest(ByteString.copyFrom(new byte[32])).build())))
                .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                        e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.BAD_REQUEST));
        assertThatThrownBy(() -> a.call(s -> s.sign(SignRequest.newBuilder().setKeyId(Nodes.newKeyId())
                .setAlgorithm(SignAlgorithm.ES256).setDigest(ByteString.copyFrom(new byte[32])).build())))
                .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                        e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.KEY_NOT_FOUND));
        assertThatThrownBy(() -> a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(Nodes.newKeyId())
                .setSpec(KeySpec.newBuilder().setType(KeyType.RSA).setSize(1024)).addOps(KeyOp.SIGN).build())))
                .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                        e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.BAD_REQUEST))
                .hasMessageContaining("2048, 3072 or 4096");
    }

    private static PublicKey publicKey(KeySpec spec, org.hsmpool.nodeapi.v1.PublicKey key) throws Exception {
        if (spec.getType() == KeyType.RSA) {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                    new BigInteger(1, key.getN().toByteArray()), new BigInteger(1, key.getE().toByteArray())));
        }
        String name = spec.getCurve() == Curve.P_256K ? "secp256k1" : "secp256r1";
        ECNamedCurveParameterSpec params = ECNamedCurveTable.getParameterSpec(name);
        var point = params.getCurve().createPoint(new BigInteger(1, key.getX().toByteArray()),
                new BigInteger(1, key.getY().toByteArray()));
        return KeyFactory.getInstance("EC", JcaKeys.BC).generatePublic(new ECPublicKeySpec(point, params));
    }

    private static SealedKey parse(ByteString b) {
        try {
            return SealedKey.parseFrom(b);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static WrappedKeyBody parseBody(ByteString b) {
        try {
            return WrappedKeyBody.parseFrom(b);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
