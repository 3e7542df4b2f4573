package org.hsmpool.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

import org.hsmpool.node.testing.JcaKeys;
import org.hsmpool.nodeapi.KeyImports;
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
 * ImportKey between real node processes: a client's key, wrapped by {@link KeyImports} for node A,
 * works in A, and its sealed form works in B of the same domain; results check out against the
 * client's original key. Every refusal names its reason and leaves A's token as it was.
 */
class KeyImportIT {
    private static final List<KeyOp> PAIR_OPS = List.of(KeyOp.SIGN, KeyOp.VERIFY, KeyOp.ENCRYPT, KeyOp.DECRYPT);
    private static final List<KeyOp> EC_OPS = List.of(KeyOp.SIGN, KeyOp.VERIFY);
    private static final List<KeyOp> AES_OPS = List.of(KeyOp.ENCRYPT, KeyOp.DECRYPT, KeyOp.WRAP_KEY,
            KeyOp.UNWRAP_KEY);

    private static DomainPair pair;
    private static TestPool pool;
    private static NodeProcess nodeA;
    private static NodeClient a;
    private static NodeClient b;
    private static TransportKey transportA;

    @BeforeAll
    static void start() throws Exception {
        pair = DomainPair.start("import");
        pool = pair.pool;
        nodeA = pair.nodeA;
        a = pair.a;
        b = pair.b;
        transportA = transportKey(a);
    }

    @AfterAll
    static void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    static Stream<Arguments> keys() throws Exception {
        return Stream.of(
                Arguments.of(ClientKey.rsa(2048), SignAlgorithm.RS256, "SHA-256", "SHA256withRSA"),
                Arguments.of(ClientKey.rsa(3072), SignAlgorithm.PS384, "SHA-384", "SHA384withRSAandMGF1"),
                Arguments.of(ClientKey.rsa(4096), SignAlgorithm.RS512, "SHA-512", "SHA512withRSA"),
                Arguments.of(ClientKey.ec(Curve.P_256), SignAlgorithm.ES256, "SHA-256", "SHA256withPLAIN-ECDSA"),
                Arguments.of(ClientKey.ec(Curve.P_384), SignAlgorithm.ES384, "SHA-384", "SHA384withPLAIN-ECDSA"),
                Arguments.of(ClientKey.ec(Curve.P_521), SignAlgorithm.ES512, "SHA-512", "SHA512withPLAIN-ECDSA"),
                Arguments.of(ClientKey.ec(Curve.P_256K), SignAlgorithm.ES256K, "SHA-256", "SHA256withPLAIN-ECDSA"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void anImportedKeyPairSignsInAPeerOfItsDomainAndVerifiesWithTheOriginalKey(ClientKey key, SignAlgorithm alg,
            String hash, String jcaAlg) throws Exception {
        List<KeyOp> ops = key.spec().getType() == KeyType.RSA ? PAIR_OPS : EC_OPS;
        String id = Nodes.newKeyId();
        long objects = Nodes.tokenObjects(nodeA);
        KeyMaterial imported = a.call(s -> s.importKey(request(key, id, ops)));
        assertThat(Nodes.tokenObjects(nodeA)).as("private and public key objects").isEqualTo(objects + 2);
        assertThat(imported.getKeyId()).isEqualTo(id);
        assertThat(imported.getSpec()).isEqualTo(key.spec());
        assertThat(imported.getOpsList()).containsExactlyInAnyOrderElementsOf(ops);
        assertThat(imported.getPublicKey()).isEqualTo(key.publicKey());

        KeyMaterial inB = b.call(s -> s.importWrapped(
                ImportWrappedRequest.newBuilder().setWrappedKey(imported.getWrappedKey()).build()));
        assertThat(inB.getPublicKey()).isEqualTo(key.publicKey());

        byte[] message = ("imported, signed in B with " + alg).getBytes();
        ByteString digest = ByteString.copyFrom(Nodes.sha(hash, message));
        byte[] signature = b.call(s -> s.sign(SignRequest.newBuilder().setKeyId(id).setAlgorithm(alg)
                .setDigest(digest).build())).getSignature().toByteArray();
        Signature verifier = Signature.getInstance(jcaAlg, JcaKeys.BC);
        verifier.initVerify(key.pair().getPublic());
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();

        if (key.spec().getType() == KeyType.RSA) {
            // encrypted by the client with its own public key, decrypted in both tokens
            Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
            oaep.init(Cipher.ENCRYPT_MODE, key.pair().getPublic(), new OAEPParameterSpec("SHA-1", "MGF1",
                    MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));
            ByteString ciphertext = ByteString.copyFrom(oaep.doFinal("for the imported key".getBytes()));
            for (NodeClient node : new NodeClient[] {a, b}) {
                assertThat(node.call(s -> s.decrypt(DecryptRequest.newBuilder().setKeyId(id)
                        .setAlgorithm(CipherAlgorithm.RSA_OAEP).setCiphertext(ciphertext).build()))
                        .getPlaintext().toStringUtf8()).isEqualTo("for the imported key");
            }
        }
    }

    static Stream<Arguments> aesKeys() {
        return Stream.of(Arguments.of(ClientKey.aes(128), CipherAlgorithm.A128GCM, CipherAlgorithm.A128KW),
                Arguments.of(ClientKey.aes(192), CipherAlgorithm.A192GCM, CipherAlgorithm.A192KW),
                Arguments.of(ClientKey.aes(256), CipherAlgorithm.A256GCM, CipherAlgorithm.A256KW));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aesKeys")
    void anImportedAesKeyDecryptsAndUnwrapsWhatTheOriginalKeyMadeInAPeerOfItsDomain(ClientKey key,
            CipherAlgorithm gcm, CipherAlgorithm kw) throws Exception {
        String id = Nodes.newKeyId();
        long objects = Nodes.tokenObjects(nodeA);
        KeyMaterial imported = a.call(s -> s.importKey(request(key, id, AES_OPS)));
        assertThat(Nodes.tokenObjects(nodeA)).as("one secret key object").isEqualTo(objects + 1);
        assertThat(imported.getSpec()).isEqualTo(key.spec());
        b.call(s -> s.importWrapped(ImportWrappedRequest.newBuilder().setWrappedKey(imported.getWrappedKey()).build()));
        SecretKeySpec original = new SecretKeySpec(key.encoded(), "AES");

        byte[] iv = new byte[12];
        Cipher enc = Cipher.getInstance("AES/GCM/NoPadding");
        enc.init(Cipher.ENCRYPT_MODE, original, new GCMParameterSpec(128, iv));
        byte[] sealedByClient = enc.doFinal("made by the client".getBytes());
        int n = sealedByClient.length - 16;
        DecryptReply inB = b.call(s -> s.decrypt(DecryptRequest.newBuilder().setKeyId(id).setAlgorithm(gcm)
                .setCiphertext(ByteString.copyFrom(sealedByClient, 0, n)).setIv(ByteString.copyFrom(iv))
                .setTag(ByteString.copyFrom(sealedByClient, n, 16)).build()));
        assertThat(inB.getPlaintext().toStringUtf8()).isEqualTo("made by the client");

        byte[] appKey = new byte[32];
        Arrays.fill(appKey, (byte) 7);
        Cipher wrap = Cipher.getInstance("AESWrap");
        wrap.init(Cipher.WRAP_MODE, original);
        byte[] wrapped = wrap.wrap(new SecretKeySpec(appKey, "AES"));
        for (NodeClient node : new NodeClient[] {a, b}) {
            assertThat(node.call(s -> s.unwrapKey(UnwrapKeyRequest.newBuilder().setKeyId(id).setAlgorithm(kw)
                    .setWrapped(ByteString.copyFrom(wrapped)).build())).getKey().toByteArray()).isEqualTo(appKey);
        }
        Leaks.assertNoneIn(nodeA.logText() + pair.nodeB.logText(), List.of(key.encoded()));
    }

    // ------------------------------------------------------------------------------------------
    // refusals: each with its reason, and nothing left in A's token

    @Test
    void aKeyWrappedForAnotherNodesTransportKeyIsABadRequest() throws Exception {
        ImportKeyRequest forB = KeyImports.request(transportKey(b), Nodes.newKeyId(), ClientKey.aes(256).spec(),
                AES_OPS, null, ClientKey.aes(256).encoded());
        assertRefused(forB, NodeError.Reason.BAD_REQUEST, "another transport key");
    }

    @Test
    void aTamperedWrappedAesKeyFailsIntegrity() throws Exception {
        ImportKeyRequest r = request(ClientKey.ec(Curve.P_256), Nodes.newKeyId(), EC_OPS);
        assertRefused(r.toBuilder().setWrappedAesKey(flip(r.getWrappedAesKey(), 100)).build(),
                NodeError.Reason.INTEGRITY, "unwrap of the AES key");
    }

    @Test
    void aTamperedWrappedKeyFailsIntegrity() throws Exception {
        for (ClientKey key : new ClientKey[] {ClientKey.rsa(2048), ClientKey.aes(256)}) {
            List<KeyOp> ops = key.spec().getType() == KeyType.RSA ? PAIR_OPS : AES_OPS;
            ImportKeyRequest r = request(key, Nodes.newKeyId(), ops);
            assertRefused(r.toBuilder().setWrappedKey(flip(r.getWrappedKey(), r.getWrappedKey().size() / 2)).build(),
                    NodeError.Reason.INTEGRITY, "corrupted blob");
        }
    }

    static Stream<Arguments> mismatches() throws Exception {
        ClientKey rsa2048 = ClientKey.rsa(2048);
        ClientKey p256 = ClientKey.ec(Curve.P_256);
        ClientKey k256 = ClientKey.ec(Curve.P_256K);
        UnaryOperator<KeySpec> size = s -> s.toBuilder().setSize(3072).build();
        return Stream.of(
                Arguments.of("RSA 2048 declared 3072", rsa2048.declaredAs(size.apply(rsa2048.spec())), PAIR_OPS,
                        "is not a Rsa[bits=3072]"),
                Arguments.of("P-256 declared P-256K with a P-256K point", p256.declaredAs(k256.spec())
                        .withPublicKeyOf(k256), EC_OPS, "is not a Ec[curve=P_256K]"),
                Arguments.of("P-256 declared P-256K with its P-256 point", p256.declaredAs(k256.spec()), EC_OPS,
                        "not a point of P_256K"),
                Arguments.of("P-256 declared P-384", p256.declaredAs(ClientKey.ec(Curve.P_384).spec()), EC_OPS,
                        "48 bytes"),
                Arguments.of("AES 128 declared 256", ClientKey.aes(128).declaredAs(ClientKey.aes(256).spec()),
                        AES_OPS, "is not a Aes[bits=256]"),
                Arguments.of("RSA with another key's n and e", rsa2048.withPublicKeyOf(ClientKey.rsa(2048)), PAIR_OPS,
                        "does not match"),
                Arguments.of("RSA with another exponent", rsa2048.withPublicKeyOf(new ClientKey(rsa2048.spec(), null,
                        rsa2048.publicKey().toBuilder().setE(ByteString.copyFrom(new byte[] {3})).build(), null)),
                        PAIR_OPS, "does not match"),
                Arguments.of("EC with another key's point", p256.withPublicKeyOf(ClientKey.ec(Curve.P_256)), EC_OPS,
                        "does not match"),
                Arguments.of("P-256K with another key's point (verify-only key)",
                        ClientKey.ec(Curve.P_256K).withPublicKeyOf(ClientKey.ec(Curve.P_256K)), List.of(KeyOp.VERIFY),
                        "does not match"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mismatches")
    void aKeyThatIsNotWhatTheRequestSaysIsABadRequest(String what, ClientKey key, List<KeyOp> ops, String message)
            throws Exception {
        assertRefused(request(key, Nodes.newKeyId(), ops), NodeError.Reason.BAD_REQUEST, message);
    }

    @Test
    void anExistingKeyIdIsRefused() throws Exception {
        String id = Nodes.newKeyId();
        a.call(s -> s.importKey(request(ClientKey.aes(256), id, AES_OPS)));
        assertRefused(request(ClientKey.aes(256), id, AES_OPS), NodeError.Reason.KEY_EXISTS, id);
        String generated = Nodes.newKeyId();
        a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(generated)
                .setSpec(ClientKey.aes(128).spec()).addOps(KeyOp.ENCRYPT).build()));
        assertRefused(request(ClientKey.ec(Curve.P_384), generated, EC_OPS), NodeError.Reason.KEY_EXISTS, generated);
    }

    @Test
    void aNodeWithoutDomainKeysRefusesBeforeUnwrappingAnything() throws Exception {
        try (NodeProcess fresh = pool.node("node-fresh").start().awaitReady();
                NodeClient c = pool.managerClient(fresh)) {
            ImportKeyRequest r = KeyImports.request(transportKey(c), Nodes.newKeyId(), ClientKey.rsa(2048).spec(),
                    PAIR_OPS, ClientKey.rsa(2048).publicKey(), ClientKey.rsa(2048).encoded());
            long before = Nodes.tokenObjects(fresh); // after GetTransportKey, which makes the import key pair
            assertThatThrownBy(() -> c.call(s -> s.importKey(r)))
                    .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                            e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.NO_DOMAIN));
            assertThat(Nodes.tokenObjects(fresh)).isEqualTo(before);
        }
    }

    @Test
    void malformedRequestsAreBadRequests() throws Exception {
        ClientKey key = ClientKey.aes(256);
        ImportKeyRequest good = request(key, Nodes.newKeyId(), AES_OPS);
        assertRefused(good.toBuilder().setKeyId("not-a-version-id").build(), NodeError.Reason.BAD_REQUEST, "");
        assertRefused(good.toBuilder().clearOps().build(), NodeError.Reason.BAD_REQUEST, "operation");
        assertRefused(good.toBuilder().clearOps().addOps(KeyOp.SIGN).build(), NodeError.Reason.BAD_REQUEST, "sign");
        ClientKey ec = ClientKey.ec(Curve.P_256);
        PublicKey offCurve = ec.publicKey().toBuilder().setY(flip(ec.publicKey().getY(), 5)).build();
        assertRefused(request(ec.withPublicKeyOf(new ClientKey(ec.spec(), null, offCurve, null)), Nodes.newKeyId(),
                EC_OPS), NodeError.Reason.BAD_REQUEST, "not a point");
    }

    @Test
    void anUnattestedTransportKeyIsRefusedByTheCaller() {
        TransportKey swapped = transportA.toBuilder().setPublicKey(transportKey(b).getPublicKey()).build();
        assertThatThrownBy(() -> KeyImports.request(swapped, Nodes.newKeyId(), ClientKey.aes(128).spec(), AES_OPS,
                null, ClientKey.aes(128).encoded())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signature does not verify");
    }

    // ------------------------------------------------------------------------------------------

    private static ImportKeyRequest request(ClientKey key, String id, List<KeyOp> ops) {
        return KeyImports.request(transportA, id, key.spec(), ops, key.publicKey(), key.encoded());
    }

    private static TransportKey transportKey(NodeClient node) {
        return Nodes.transportKey(node, TransportKeyPurpose.CLIENT_KEY_IMPORT);
    }

    private static void assertRefused(ImportKeyRequest request, NodeError.Reason reason, String message)
            throws Exception {
        long objects = Nodes.tokenObjects(nodeA);
        List<String> keys = Nodes.keys(a).getKeyIdsList();
        assertThatThrownBy(() -> a.call(s -> s.importKey(request)))
                .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
        assertThat(Nodes.tokenObjects(nodeA)).isEqualTo(objects);
        assertThat(Nodes.keys(a).getKeyIdsList()).containsExactlyInAnyOrderElementsOf(keys);
    }

    private static ByteString flip(ByteString b, int index) {
        byte[] bytes = b.toByteArray();
        bytes[index] ^= 0x01;
        return ByteString.copyFrom(bytes);
    }
}
