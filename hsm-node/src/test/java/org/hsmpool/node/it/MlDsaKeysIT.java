package org.hsmpool.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.hsmpool.node.testing.MlDsaSignatures;
import org.hsmpool.nodeapi.KeyImports;
import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.pki.JwkThumbprint;
import org.hsmpool.nodeapi.pki.KeyAttestationDocument;
import org.hsmpool.nodeapi.pki.NodeSignature;
import org.hsmpool.nodeapi.v1.*;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;

/**
 * ML-DSA keys, which SoftHSM2 cannot hold, held sealed by two node processes of one domain: made in
 * A, sealed under W, imported into B as a sealed blob and used there; the signatures check out with
 * Bouncy Castle's JCA provider (not the node's code path); misuse is a typed refusal; a restart finds
 * the key in the token's data objects; the client's seed never appears in a sealed key, a log or the
 * token's files.
 */
class MlDsaKeysIT {
    private static final List<KeyOp> SIGN_VERIFY = List.of(KeyOp.SIGN, KeyOp.VERIFY);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static DomainPair pair;

    @BeforeAll
    static void start() throws Exception {
        pair = DomainPair.start("ml-dsa");
    }

    @AfterAll
    static void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @ParameterizedTest(name = "ML-DSA-{0}")
    @ValueSource(ints = {44, 65, 87})
    void aKeyMadeInASignsInBAndVerifiesWithBouncyCastle(int size) throws Exception {
        String id = Nodes.newKeyId();
        KeyMaterial made = generate(pair.a, id, size);
        assertThat(made.getHolder()).isEqualTo(KeyHolder.NODE_PROCESS);
        assertThat(made.getSpec().getType()).isEqualTo(KeyType.AKP);
        assertThat(made.getPublicKey().getPub().size()).isEqualTo(size == 44 ? 1312 : size == 65 ? 1952 : 2592);

        KeyMaterial inB = pair.b.call(s -> s.importWrapped(ImportWrappedRequest.newBuilder()
                .setWrappedKey(made.getWrappedKey()).build()));
        assertThat(inB.getPublicKey()).isEqualTo(made.getPublicKey());
        assertThat(Nodes.keys(pair.b).getKeyIdsList()).contains(id);

        byte[] message = ("signed in B with ML-DSA-" + size).getBytes();
        byte[] signature = sign(pair.b, id, alg(size), message);
        assertThat(MlDsaSignatures.verifies(size, made.getPublicKey().getPub().toByteArray(), message, signature)).isTrue();
        assertThat(verify(pair.a, id, alg(size), message, signature)).isTrue();

        byte[] otherMessage = message.clone();
        otherMessage[0] ^= 1;
        byte[] otherSignature = signature.clone();
        otherSignature[signature.length / 2] ^= 1;
        assertThat(verify(pair.a, id, alg(size), otherMessage, signature)).isFalse();
        assertThat(verify(pair.b, id, alg(size), message, otherSignature)).isFalse();
        assertThat(MlDsaSignatures.verifies(size, made.getPublicKey().getPub().toByteArray(), message, otherSignature))
                .isFalse();

        // replication may deliver twice; export answers the same sealed key
        pair.b.call(s -> s.importWrapped(ImportWrappedRequest.newBuilder().setWrappedKey(made.getWrappedKey()).build()));
        KeyMaterial exported = pair.b.call(s -> s.exportWrapped(KeyRequest.newBuilder().setKeyId(id).build()));
        assertThat(exported.getWrappedKey()).isEqualTo(made.getWrappedKey());
        KeyMaterial described = pair.b.call(s -> s.describeKey(KeyRequest.newBuilder().setKeyId(id).build()));
        assertThat(described.getOpsList()).containsExactlyInAnyOrderElementsOf(SIGN_VERIFY);
        assertThat(described.getHolder()).isEqualTo(KeyHolder.NODE_PROCESS);
    }

    @Test
    void misuseIsABadRequestThatNamesTheProblem() {
        String id = Nodes.newKeyId();
        generate(pair.a, id, 65);
        byte[] ok = "message".getBytes();
        refused(() -> sign(pair.a, id, SignAlgorithm.ML_DSA_44, ok), NodeError.Reason.BAD_REQUEST,
                "ML-DSA-44 cannot be used with an ML-DSA-65 key");
        refused(() -> pair.a.call(s -> s.sign(SignRequest.newBuilder().setKeyId(id).setAlgorithm(SignAlgorithm.ES256)
                .setDigest(ByteString.copyFrom(new byte[32])).build())), NodeError.Reason.BAD_REQUEST,
                "ES256 cannot be used with an ML-DSA-65 key");
        refused(() -> sign(pair.a, id, SignAlgorithm.ML_DSA_65, new byte[4097]), NodeError.Reason.BAD_REQUEST,
                "1..4096 bytes");
        refused(() -> sign(pair.a, id, SignAlgorithm.ML_DSA_65, new byte[0]), NodeError.Reason.BAD_REQUEST,
                "1..4096 bytes");
        refused(() -> pair.a.call(s -> s.sign(SignRequest.newBuilder().setKeyId(id).setAlgorithm(SignAlgorithm.ML_DSA_65)
                .setDigest(ByteString.copyFrom(new byte[32])).build())), NodeError.Reason.BAD_REQUEST, "not a digest");

        String ec = Nodes.newKeyId();
        pair.a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(ec)
                .setSpec(KeySpec.newBuilder().setType(KeyType.EC).setCurve(Curve.P_256)).addOps(KeyOp.SIGN).build()));
        refused(() -> sign(pair.a, ec, SignAlgorithm.ML_DSA_65, ok), NodeError.Reason.BAD_REQUEST,
                "ML-DSA-65 cannot be used with a EC P_256 key");
        refused(() -> sign(pair.a, Nodes.newKeyId(), SignAlgorithm.ML_DSA_65, ok), NodeError.Reason.KEY_NOT_FOUND, "");

        refused(() -> generate(pair.a, Nodes.newKeyId(), 66), NodeError.Reason.BAD_REQUEST, "44, 65 or 87");
        refused(() -> pair.a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(Nodes.newKeyId())
                .setSpec(akp(65)).addOps(KeyOp.ENCRYPT).build())), NodeError.Reason.BAD_REQUEST, "encrypt");
        refused(() -> generate(pair.a, id, 65), NodeError.Reason.KEY_EXISTS, "");
        refused(() -> generate(pair.a, ec, 65), NodeError.Reason.KEY_EXISTS, "");

        String verifyOnly = Nodes.newKeyId();
        pair.a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(verifyOnly).setSpec(akp(44))
                .addOps(KeyOp.VERIFY).build()));
        refused(() -> sign(pair.a, verifyOnly, SignAlgorithm.ML_DSA_44, ok), NodeError.Reason.KEY_USAGE, "sign");
    }

    @Test
    void anAlteredSealedKeyIsRefusedAndLeavesNothingBehind() throws Exception {
        String id = Nodes.newKeyId();
        KeyMaterial made = generate(pair.a, id, 65);
        SealedKey sealed = SealedKey.parseFrom(made.getWrappedKey());
        WrappedKeyBody body = WrappedKeyBody.parseFrom(sealed.getBody());
        for (WrappedKeyBody altered : List.of(
                body.toBuilder().setSpec(akp(87)).build(),
                body.toBuilder().setWrappedPrivate(flip(body.getWrappedPrivate())).build())) {
            ByteString forged = sealed.toBuilder().setBody(altered.toByteString()).build().toByteString();
            refused(() -> pair.b.call(s -> s.importWrapped(ImportWrappedRequest.newBuilder().setWrappedKey(forged)
                    .build())), NodeError.Reason.INTEGRITY, "does not authenticate");
        }
        assertThat(Nodes.keys(pair.b).getKeyIdsList()).doesNotContain(id);
    }

    @Test
    void aKeySurvivesARestartAndADeleteIsFinal() throws Exception {
        String kept = Nodes.newKeyId();
        String deleted = Nodes.newKeyId();
        KeyMaterial made = generate(pair.b, kept, 44);
        generate(pair.b, deleted, 44);
        int before = pair.b.call(s -> s.info(InfoRequest.getDefaultInstance())).getKeyCount();
        assertThat(pair.b.call(s -> s.deleteKey(KeyRequest.newBuilder().setKeyId(deleted).build())).getDeleted()).isTrue();

        pair.nodeB.restart();
        try (NodeClient b = pair.pool.managerClient(pair.nodeB)) {
            NodeInfo info = b.call(s -> s.info(InfoRequest.getDefaultInstance()));
            assertThat(info.getKeyCount()).isEqualTo(before - 1);
            assertThat(info.getMlDsaHolder()).isEqualTo(KeyHolder.NODE_PROCESS);
            assertThat(Nodes.keys(b).getKeyIdsList()).contains(kept).doesNotContain(deleted);
            byte[] message = "after a restart".getBytes();
            byte[] signature = sign(b, kept, SignAlgorithm.ML_DSA_44, message);
            assertThat(MlDsaSignatures.verifies(44, made.getPublicKey().getPub().toByteArray(), message, signature)).isTrue();
            refused(() -> sign(b, deleted, SignAlgorithm.ML_DSA_44, message), NodeError.Reason.KEY_NOT_FOUND, "");
            assertThat(b.call(s -> s.deleteKey(KeyRequest.newBuilder().setKeyId(deleted).build())).getDeleted()).isFalse();
        }
    }

    @Test
    void aClientsKeyImportsAndItsSeedIsInNoSealedKeyLogOrTokenFile() throws Exception {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        byte[] pub = new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, seed.clone()).getPublicKey();
        TransportKey transport = Nodes.transportKey(pair.a, TransportKeyPurpose.CLIENT_KEY_IMPORT);

        byte[] otherPub = new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, new byte[32]).getPublicKey();
        String mismatched = Nodes.newKeyId();
        refused(() -> pair.a.call(s -> s.importKey(KeyImports.request(transport, mismatched, akp(65), SIGN_VERIFY,
                publicKeyOf(otherPub), seed))), NodeError.Reason.BAD_REQUEST, "does not match");
        assertThat(Nodes.keys(pair.a).getKeyIdsList()).doesNotContain(mismatched);

        String id = Nodes.newKeyId();
        KeyMaterial imported = pair.a.call(s -> s.importKey(KeyImports.request(transport, id, akp(65), SIGN_VERIFY,
                publicKeyOf(pub), seed)));
        assertThat(imported.getHolder()).isEqualTo(KeyHolder.NODE_PROCESS);
        byte[] message = "a client's ML-DSA key".getBytes();
        assertThat(MlDsaSignatures.verifies(65, pub, message, sign(pair.a, id, SignAlgorithm.ML_DSA_65, message))).isTrue();
        pair.b.call(s -> s.importWrapped(ImportWrappedRequest.newBuilder().setWrappedKey(imported.getWrappedKey()).build()));
        assertThat(MlDsaSignatures.verifies(65, pub, message, sign(pair.b, id, SignAlgorithm.ML_DSA_65, message))).isTrue();

        List<byte[]> secrets = List.of(seed);
        assertThat(Leaks.findRaw(imported.getWrappedKey().toByteArray(), secrets)).isEmpty();
        Leaks.assertNoneIn(pair.nodeA.logText(), secrets);
        Leaks.assertNoneIn(pair.nodeB.logText(), secrets);
        for (Path file : files(pair.nodeA.dir().resolve("softhsm"))) {
            assertThat(Leaks.findRaw(Files.readAllBytes(file), secrets)).as("%s", file).isEmpty();
        }
    }

    @Test
    void theAttestationSaysTheNodeProcessHoldsTheKey() throws Exception {
        String id = Nodes.newKeyId();
        KeyMaterial made = generate(pair.a, id, 87);
        KeyAttestationReply reply = pair.a.call(s -> s.attestKey(KeyRequest.newBuilder().setKeyId(id).build()));
        JsonNode statement = KeyAttestationDocument.parse(reply.getDocument().toByteArray())
                .verify(NodeSignature.certificates(reply.getCertificateChainList().stream()
                        .map(ByteString::toByteArray).toList()), List.of(pair.pool.ca().certificate()))
                .statement();
        assertThat(statement.path("kty").asText()).isEqualTo("AKP");
        assertThat(statement.path("alg").asText()).isEqualTo("ML-DSA-87");
        assertThat(statement.path("protection").asText()).isEqualTo("software");
        assertThat(statement.path("held_in").asText()).startsWith("hsm-node process");
        assertThat(statement.path("token_attributes").isNull()).isTrue();
        assertThat(statement.path("public_key_thumbprint").asText())
                .isEqualTo(JwkThumbprint.akp("ML-DSA-87", made.getPublicKey().getPub().toByteArray()));
    }

    // ------------------------------------------------------------------------------------------

    private static KeySpec akp(int size) {
        return KeySpec.newBuilder().setType(KeyType.AKP).setSize(size).build();
    }

    private static SignAlgorithm alg(int size) {
        return SignAlgorithm.valueOf("ML_DSA_" + size);
    }

    private static org.hsmpool.nodeapi.v1.PublicKey publicKeyOf(byte[] pub) {
        return org.hsmpool.nodeapi.v1.PublicKey.newBuilder().setPub(ByteString.copyFrom(pub)).build();
    }

    private static KeyMaterial generate(NodeClient node, String id, int size) {
        return node.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(id).setSpec(akp(size))
                .addAllOps(SIGN_VERIFY).build()));
    }

    private static byte[] sign(NodeClient node, String id, SignAlgorithm alg, byte[] message) {
        return node.call(s -> s.sign(SignRequest.newBuilder().setKeyId(id).setAlgorithm(alg)
                .setMessage(ByteString.copyFrom(message)).build())).getSignature().toByteArray();
    }

    private static boolean verify(NodeClient node, String id, SignAlgorithm alg, byte[] message, byte[] signature) {
        return node.call(s -> s.verify(VerifyRequest.newBuilder().setKeyId(id).setAlgorithm(alg)
                .setMessage(ByteString.copyFrom(message)).setSignature(ByteString.copyFrom(signature)).build()))
                .getValid();
    }

    private static ByteString flip(ByteString b) {
        byte[] bytes = b.toByteArray();
        bytes[bytes.length - 1] ^= 1;
        return ByteString.copyFrom(bytes);
    }

    private static List<Path> files(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (var walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(out::add);
        }
        return out;
    }

    private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, NodeError.Reason reason,
            String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(NodeClient.NodeCallException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
