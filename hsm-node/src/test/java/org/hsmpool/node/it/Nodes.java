package org.hsmpool.node.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.pki.NodeSignature;
import org.hsmpool.nodeapi.pki.PoolCa;
import org.hsmpool.nodeapi.pki.TransportKeyAttestation;
import org.hsmpool.nodeapi.v1.DomainKeyBundle;
import org.hsmpool.nodeapi.v1.ExportDomainKeysRequest;
import org.hsmpool.nodeapi.v1.KeyList;
import org.hsmpool.nodeapi.v1.ListKeysRequest;
import org.hsmpool.nodeapi.v1.TransportKey;
import org.hsmpool.nodeapi.v1.TransportKeyPurpose;
import org.hsmpool.nodeapi.v1.TransportKeyRequest;
import org.hsmpool.testkit.NodeProcess;

import com.google.protobuf.ByteString;

/** Steps the integration tests share. */
final class Nodes {
    static final Path WORK = Path.of(System.getProperty("hsmpool.test.work", "target/it-nodes"));

    private Nodes() {
    }

    static Path workDir(String testName) {
        return WORK.resolve(testName + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    static ByteString newDomainId() {
        return ByteString.copyFrom(HexFormat.of().parseHex(UUID.randomUUID().toString().replace("-", "")));
    }

    static String newKeyId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Three administrators for the domains tests create; made once (an RSA-3072 key pair each). */
    private static final java.util.List<org.hsmpool.sd.AdminKeyPair> ADMINS = SecurityDomains.admins(3);

    /** A new security domain in {@code node} (S split 2-of-3), whose domain id is {@code domainId}. */
    static void createDomain(NodeClient node, ByteString domainId) {
        SecurityDomains.create(node, ADMINS, 2, java.util.HexFormat.of().formatHex(domainId.toByteArray()));
    }

    /** Move the domain keys from one node to another, as the manager does when a node joins. */
    static void transferDomain(NodeClient from, NodeClient to) {
        TransportKey recipient = transportKey(to, TransportKeyPurpose.DOMAIN_BUNDLE);
        DomainKeyBundle bundle = from.call(
                s -> s.exportDomainKeys(ExportDomainKeysRequest.newBuilder().setRecipient(recipient).build()));
        to.call(s -> s.importDomainKeys(bundle));
    }

    /** A node's attested transport key for one purpose, as GetTransportKey answers it. */
    static TransportKey transportKey(NodeClient node, TransportKeyPurpose purpose) {
        return node.call(s -> s.getTransportKey(TransportKeyRequest.newBuilder().setPurpose(purpose).build()));
    }

    /**
     * {@code bundle} signed as the exporting node signs it (proto: DomainKeyBundle.signature), by
     * {@code signer}: how a test plays a node, or someone holding another certificate.
     */
    static DomainKeyBundle signed(DomainKeyBundle bundle, PoolCa.Issued signer) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (ByteString part : List.of(bundle.getDomainId(), bundle.getWrappedWrapKey(), bundle.getWrappedMacKey(),
                bundle.getRecipientKeySha256())) {
            d.update(ByteBuffer.allocate(4).putInt(part.size()).array());
            d.update(part.toByteArray());
        }
        byte[] signature = NodeSignature.sign(signer.key(), "hsmpool domain bundle v1".getBytes(StandardCharsets.US_ASCII),
                d.digest());
        return bundle.toBuilder().clearSenderCertificateChain()
                .addSenderCertificateChain(ByteString.copyFrom(signer.certificate().getEncoded()))
                .setSignatureAlgorithm(TransportKeyAttestation.algorithmFor(signer.key()))
                .setSignature(ByteString.copyFrom(signature)).build();
    }

    static KeyList keys(NodeClient node) {
        return node.call(s -> s.listKeys(ListKeysRequest.getDefaultInstance()));
    }

    /**
     * The token objects a node's SoftHSM2 token holds: its file store keeps one {@code .object} file
     * per object beside {@code token.object}. Session objects are never written there.
     */
    static long tokenObjects(NodeProcess node) throws IOException {
        try (Stream<Path> files = Files.walk(node.dir().resolve("softhsm/tokens"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".object") && !n.equals("token.object")).count();
        }
    }

    static byte[] sha(String alg, byte[] data) throws Exception {
        return MessageDigest.getInstance(alg).digest(data);
    }
}
