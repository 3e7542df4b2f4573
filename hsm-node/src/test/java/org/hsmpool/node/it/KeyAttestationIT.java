package org.hsmpool.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.pki.JwkThumbprint;
import org.hsmpool.nodeapi.pki.KeyAttestationDocument;
import org.hsmpool.nodeapi.pki.NodeSignature;
import org.hsmpool.nodeapi.pki.PoolCa;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.nodeapi.v1.Curve;
import org.hsmpool.nodeapi.v1.GenerateKeyRequest;
import org.hsmpool.nodeapi.v1.ImportWrappedRequest;
import org.hsmpool.nodeapi.v1.KeyAttestationReply;
import org.hsmpool.nodeapi.v1.KeyMaterial;
import org.hsmpool.nodeapi.v1.KeyOp;
import org.hsmpool.nodeapi.v1.KeyRequest;
import org.hsmpool.nodeapi.v1.KeySpec;
import org.hsmpool.nodeapi.v1.KeyType;
import org.hsmpool.nodeapi.v1.NodeError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;

/**
 * Key attestation on real node processes (issue 20): the node that generated a key and a node that
 * imported its sealed form each attest what their token says, signed by a token-held attestation
 * key their pool-CA identity endorsed; a changed byte, another CA, an unknown key and a caller other
 * than the manager are refused.
 */
class KeyAttestationIT {
    private static DomainPair pair;

    @BeforeAll
    static void start() throws Exception {
        pair = DomainPair.start("key-attestation");
    }

    @AfterAll
    static void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    static Stream<KeySpec> specs() {
        return Stream.of(KeySpec.newBuilder().setType(KeyType.RSA).setSize(2048).build(),
                KeySpec.newBuilder().setType(KeyType.EC).setCurve(Curve.P_256).build(),
                KeySpec.newBuilder().setType(KeyType.EC).setCurve(Curve.P_256K).build(),
                KeySpec.newBuilder().setType(KeyType.OCT).setSize(256).build());
    }

    @ParameterizedTest
    @MethodSource("specs")
    void theGeneratorAndAReplicaEachAttestWhatTheirTokenHolds(KeySpec spec) throws Exception {
        String id = Nodes.newKeyId();
        KeyOp op = spec.getType() == KeyType.OCT ? KeyOp.ENCRYPT : KeyOp.SIGN;
        KeyMaterial made = pair.a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(id).setSpec(spec)
                .addOps(op).build()));
        pair.b.call(s -> s.importWrapped(ImportWrappedRequest.newBuilder().setWrappedKey(made.getWrappedKey()).build()));

        KeyAttestationDocument.Verified atA = verify(attest(pair.a, id));
        KeyAttestationDocument.Verified atB = verify(attest(pair.b, id));

        assertThat(atA.node().name()).isEqualTo("node-a");
        assertThat(atB.node().name()).isEqualTo("node-b");
        for (KeyAttestationDocument.Verified v : List.of(atA, atB)) {
            JsonNode s = v.statement();
            assertThat(s.path("key_id").asText()).isEqualTo(id);
            assertThat(s.path("domain_id").asText()).isEqualTo(java.util.HexFormat.of()
                    .formatHex(pair.domainId.toByteArray()));
            JsonNode attrs = s.path("token_attributes");
            assertThat(attrs.path("CKA_SENSITIVE").asBoolean()).isTrue();
            assertThat(attrs.path("CKA_TOKEN").asBoolean()).isTrue();
            assertThat(attrs.path("CKA_PRIVATE").asBoolean()).isTrue();
            // replicated under W only: extractable, but never in plaintext
            assertThat(attrs.path("CKA_EXTRACTABLE").asBoolean()).isTrue();
            assertThat(s.path("export").asText()).contains("only wrapped under the pool wrap key");
            if (spec.getType() != KeyType.OCT) {
                assertThat(s.path("public_key_thumbprint").asText()).isEqualTo(thumbprint(spec, made));
            } else {
                assertThat(s.has("public_key_thumbprint")).isFalse();
            }
        }
        assertThat(atA.statement().path("token_attributes").path("CKA_LOCAL").asBoolean()).isTrue();
        assertThat(atA.statement().path("origin").asText()).isEqualTo("generated in this token");
        assertThat(atB.statement().path("token_attributes").path("CKA_LOCAL").asBoolean()).isFalse();
        assertThat(atB.statement().path("origin").asText()).startsWith("unwrapped");
    }

    @Test
    void aChangedByteAnotherPoolsCaOrAnotherNodesCertificateIsRefused() throws Exception {
        String id = Nodes.newKeyId();
        pair.a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(id)
                .setSpec(KeySpec.newBuilder().setType(KeyType.EC).setCurve(Curve.P_384)).addOps(KeyOp.SIGN).build()));
        KeyAttestationReply reply = attest(pair.a, id);
        KeyAttestationDocument doc = KeyAttestationDocument.parse(reply.getDocument().toByteArray());

        byte[] statement = doc.statement();
        statement[statement.length / 2] ^= 1;
        KeyAttestationDocument altered = new KeyAttestationDocument(statement, doc.signature(), doc.attestationKey(),
                doc.endorsementAlgorithm(), doc.endorsement());
        assertThatThrownBy(() -> altered.verify(chain(reply), ca())).isInstanceOf(SignatureException.class)
                .hasMessageContaining("does not verify");

        PoolCa other = PoolCa.create("elsewhere", java.time.Duration.ofDays(1));
        assertThatThrownBy(() -> doc.verify(chain(reply), List.of(other.certificate())))
                .isInstanceOf(SignatureException.class).hasMessageContaining("not issued by the pool CA");

        // node-b's certificate does not vouch for node-a's attestation key
        KeyAttestationReply fromB = attest(pair.b, ensureOnB());
        assertThatThrownBy(() -> doc.verify(chain(fromB), ca())).isInstanceOf(SignatureException.class);
    }

    @Test
    void anUnknownKeyOrANonKeyIdIsRefusedAndAnotherNodeMayNotAsk() throws Exception {
        assertThatThrownBy(() -> attest(pair.a, Nodes.newKeyId())).isInstanceOfSatisfying(
                NodeClient.NodeCallException.class, e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.KEY_NOT_FOUND));
        assertThatThrownBy(() -> attest(pair.a, "hsmpool.attestation-key")).isInstanceOfSatisfying(
                NodeClient.NodeCallException.class, e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.BAD_REQUEST));
        try (NodeClient peer = pair.pool.clientAs(pair.nodeA, pair.pool.ca(), PoolIdentity.node("node-b"))) {
            assertThatThrownBy(() -> attest(peer, Nodes.newKeyId())).isInstanceOfSatisfying(
                    NodeClient.NodeCallException.class,
                    e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.PEER_NOT_TRUSTED));
        }
    }

    private static String ensureOnB() {
        String id = Nodes.newKeyId();
        pair.b.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(id)
                .setSpec(KeySpec.newBuilder().setType(KeyType.EC).setCurve(Curve.P_256)).addOps(KeyOp.SIGN).build()));
        return id;
    }

    private static KeyAttestationReply attest(NodeClient node, String id) {
        return node.call(s -> s.attestKey(KeyRequest.newBuilder().setKeyId(id).build()));
    }

    private static KeyAttestationDocument.Verified verify(KeyAttestationReply reply) throws Exception {
        return KeyAttestationDocument.parse(reply.getDocument().toByteArray()).verify(chain(reply), ca());
    }

    private static List<X509Certificate> chain(KeyAttestationReply reply) throws Exception {
        return NodeSignature.certificates(reply.getCertificateChainList().stream().map(ByteString::toByteArray).toList());
    }

    private static List<X509Certificate> ca() {
        return List.of(pair.pool.ca().certificate());
    }

    private static String thumbprint(KeySpec spec, KeyMaterial made) {
        var pub = made.getPublicKey();
        if (spec.getType() == KeyType.RSA) {
            return JwkThumbprint.rsa(new BigInteger(1, pub.getN().toByteArray()), new BigInteger(1, pub.getE().toByteArray()));
        }
        return JwkThumbprint.ec(spec.getCurve().name().replace('_', '-'), pub.getX().toByteArray(), pub.getY().toByteArray());
    }
}
