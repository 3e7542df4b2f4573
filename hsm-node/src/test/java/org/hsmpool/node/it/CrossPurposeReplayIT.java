package org.hsmpool.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.hsmpool.nodeapi.KeyImports;
import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.nodeapi.v1.*;
import org.hsmpool.testkit.NodeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

/**
 * Issue 14 item 4, last part: an RSA-OAEP ciphertext made for one purpose is never opened for the
 * other. A node has one transport key pair per purpose (SoftHSM2 refuses OAEP labels), each attested
 * for its purpose. The attacks run as a compromised manager would (it relays bundles and import
 * requests), against real node processes; each is refused with its reason and leaves the token as it
 * was. Before the keys were separated, the first attack imported a sign-only key as a decrypt key.
 */
class CrossPurposeReplayIT {
    private static final KeySpec RSA_2048 = KeySpec.newBuilder().setType(KeyType.RSA).setSize(2048).build();
    private static DomainPair pair;

    @BeforeAll
    static void start() throws Exception {
        pair = DomainPair.start("purpose");
    }

    @AfterAll
    static void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void eachPurposeHasItsOwnAttestedKeyAndARequestWithoutAPurposeGetsTheDomainBundleKey() {
        TransportKey bundleKey = Nodes.transportKey(pair.a, TransportKeyPurpose.DOMAIN_BUNDLE);
        TransportKey importKey = Nodes.transportKey(pair.a, TransportKeyPurpose.CLIENT_KEY_IMPORT);
        assertThat(bundleKey.getPurpose()).isEqualTo(TransportKeyPurpose.DOMAIN_BUNDLE);
        assertThat(importKey.getPurpose()).isEqualTo(TransportKeyPurpose.CLIENT_KEY_IMPORT);
        assertThat(importKey.getPublicKey()).as("two key pairs").isNotEqualTo(bundleKey.getPublicKey());
        assertThat(Nodes.transportKey(pair.a, TransportKeyPurpose.CLIENT_KEY_IMPORT).getPublicKey())
                .as("the same pair on every call").isEqualTo(importKey.getPublicKey());
        TransportKey unnamed = pair.a.call(s -> s.getTransportKey(TransportKeyRequest.getDefaultInstance()));
        assertThat(unnamed).as("what a manager of the contract before purposes gets").isEqualTo(bundleKey);
    }

    /**
     * W wrapped for B (a bundle the manager relayed when B joined) sent as the AES key of an import,
     * with a sealed key's wrapped private half under W as the key: with one transport key this
     * imported a sign-only RSA key again as a new decrypt key.
     */
    @Test
    void aDomainBundleCiphertextReplayedAsAClientKeyImportIsRefused() throws Exception {
        KeyMaterial signOnly = pair.a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder()
                .setKeyId(Nodes.newKeyId()).setSpec(RSA_2048).addOps(KeyOp.SIGN).addOps(KeyOp.VERIFY).build()));
        pair.b.call(s -> s.importWrapped(ImportWrappedRequest.newBuilder().setWrappedKey(signOnly.getWrappedKey())
                .build()));
        WrappedKeyBody body = WrappedKeyBody.parseFrom(SealedKey.parseFrom(signOnly.getWrappedKey()).getBody());
        TransportKey bundleKeyB = Nodes.transportKey(pair.b, TransportKeyPurpose.DOMAIN_BUNDLE);
        DomainKeyBundle bundle = pair.a.call(s -> s.exportDomainKeys(
                ExportDomainKeysRequest.newBuilder().setRecipient(bundleKeyB).build()));
        ImportKeyRequest replay = ImportKeyRequest.newBuilder().setKeyId(Nodes.newKeyId()).setSpec(body.getSpec())
                .addOps(KeyOp.DECRYPT).setPublicKey(body.getPublicKey())
                .setTransportKeySha256(fingerprint(Nodes.transportKey(pair.b, TransportKeyPurpose.CLIENT_KEY_IMPORT)))
                .setWrappedAesKey(bundle.getWrappedWrapKey()).setWrappedKey(body.getWrappedPrivate()).build();

        assertImportRefused(replay, NodeError.Reason.INTEGRITY, "unwrap of the AES key");
        assertImportRefused(replay.toBuilder().setTransportKeySha256(fingerprint(bundleKeyB)).build(),
                NodeError.Reason.BAD_REQUEST, "another transport key than this node's client-key import key");
    }

    /**
     * The AES key of an import (which the manager made, so knows) sent as W and H of a bundle to a node
     * without domain keys. The bundle signature already stops a manager; here the test also signs the
     * bundle as a node of the pool would, to show that the ciphertext itself does not open.
     */
    @Test
    void aClientKeyImportCiphertextReplayedAsADomainBundleIsRefused() throws Exception {
        try (NodeProcess fresh = pair.pool.node("node-fresh").start().awaitReady();
                NodeClient c = pair.pool.managerClient(fresh)) {
            TransportKey importKey = Nodes.transportKey(c, TransportKeyPurpose.CLIENT_KEY_IMPORT);
            ImportKeyRequest forW = KeyImports.request(importKey, Nodes.newKeyId(), ClientKey.aes(256).spec(),
                    List.of(KeyOp.ENCRYPT), null, ClientKey.aes(256).encoded());
            ImportKeyRequest forH = KeyImports.request(importKey, Nodes.newKeyId(), ClientKey.aes(256).spec(),
                    List.of(KeyOp.ENCRYPT), null, ClientKey.aes(256).encoded());
            DomainKeyBundle replay = DomainKeyBundle.newBuilder().setDomainId(Nodes.newDomainId())
                    .setWrappedWrapKey(forW.getWrappedAesKey()).setWrappedMacKey(forH.getWrappedAesKey())
                    .setRecipientKeySha256(fingerprint(Nodes.transportKey(c, TransportKeyPurpose.DOMAIN_BUNDLE)))
                    .build();
            var nodeIdentity = pair.pool.ca().issue(PoolIdentity.node("node-a"), List.of("localhost"),
                    Duration.ofDays(1));

            assertBundleRefused(fresh, c, replay, NodeError.Reason.PEER_NOT_TRUSTED, "not signed by a node");
            assertBundleRefused(fresh, c, Nodes.signed(replay, nodeIdentity), NodeError.Reason.INTEGRITY,
                    "wrong unwrapping key");
            DomainKeyBundle toImportKey = replay.toBuilder().setRecipientKeySha256(fingerprint(importKey)).build();
            assertBundleRefused(fresh, c, Nodes.signed(toImportKey, nodeIdentity), NodeError.Reason.BAD_REQUEST,
                    "another transport key than this node's domain-bundle key");
        }
    }

    /** A node wraps W and H only to a peer's domain-bundle key: the import key's attestation is not one. */
    @Test
    void aPeersClientKeyImportKeyNeverReceivesADomainBundle() {
        TransportKey importKeyB = Nodes.transportKey(pair.b, TransportKeyPurpose.CLIENT_KEY_IMPORT);
        assertExportRefused(importKeyB, "client-key-import transport key, not its domain-bundle key");
        assertExportRefused(importKeyB.toBuilder().setPurpose(TransportKeyPurpose.DOMAIN_BUNDLE).build(),
                "does not verify with urn:hsmpool:node:node-b's certificate as a domain-bundle key");
        assertExportRefused(importKeyB.toBuilder().clearPurpose().build(), "as a domain-bundle key");
    }

    // ------------------------------------------------------------------------------------------

    private static ByteString fingerprint(TransportKey key) throws Exception {
        return ByteString.copyFrom(Nodes.sha("SHA-256", key.getPublicKey().toByteArray()));
    }

    private static void assertImportRefused(ImportKeyRequest request, NodeError.Reason reason, String message)
            throws Exception {
        long objects = Nodes.tokenObjects(pair.nodeB);
        List<String> keys = Nodes.keys(pair.b).getKeyIdsList();
        assertThatThrownBy(() -> pair.b.call(s -> s.importKey(request)))
                .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
        assertThat(Nodes.tokenObjects(pair.nodeB)).as("token objects").isEqualTo(objects);
        assertThat(Nodes.keys(pair.b).getKeyIdsList()).containsExactlyInAnyOrderElementsOf(keys)
                .doesNotContain(request.getKeyId());
    }

    private static void assertBundleRefused(NodeProcess node, NodeClient client, DomainKeyBundle bundle,
            NodeError.Reason reason, String message) throws Exception {
        long objects = Nodes.tokenObjects(node);
        assertThatThrownBy(() -> client.call(s -> s.importDomainKeys(bundle)))
                .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
        assertThat(Nodes.tokenObjects(node)).as("token objects").isEqualTo(objects);
        assertThat(client.call(s -> s.info(InfoRequest.getDefaultInstance())).getDomainInstalled())
                .as("no domain keys installed").isFalse();
    }

    private static void assertExportRefused(TransportKey recipient, String message) {
        assertThatThrownBy(() -> pair.a.call(s -> s.exportDomainKeys(
                ExportDomainKeysRequest.newBuilder().setRecipient(recipient).build())))
                .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                        e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.PEER_NOT_TRUSTED))
                .hasMessageContaining(message);
    }
}
