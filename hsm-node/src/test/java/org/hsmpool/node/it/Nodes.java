package org.hsmpool.node.it;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.v1.CreateDomainKeysRequest;
import org.hsmpool.nodeapi.v1.DomainKeyBundle;
import org.hsmpool.nodeapi.v1.ExportDomainKeysRequest;
import org.hsmpool.nodeapi.v1.KeyList;
import org.hsmpool.nodeapi.v1.ListKeysRequest;
import org.hsmpool.nodeapi.v1.TransportKey;
import org.hsmpool.nodeapi.v1.TransportKeyRequest;

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

    static void createDomain(NodeClient node, ByteString domainId) {
        node.call(s -> s.createDomainKeys(CreateDomainKeysRequest.newBuilder().setDomainId(domainId).build()));
    }

    /** Move the domain keys from one node to another, as the manager does when a node joins. */
    static void transferDomain(NodeClient from, NodeClient to) {
        TransportKey recipient = to.call(s -> s.getTransportKey(TransportKeyRequest.getDefaultInstance()));
        DomainKeyBundle bundle = from.call(
                s -> s.exportDomainKeys(ExportDomainKeysRequest.newBuilder().setRecipient(recipient).build()));
        to.call(s -> s.importDomainKeys(bundle));
    }

    static KeyList keys(NodeClient node) {
        return node.call(s -> s.listKeys(ListKeysRequest.getDefaultInstance()));
    }

    static byte[] sha(String alg, byte[] data) throws Exception {
        return MessageDigest.getInstance(alg).digest(data);
    }
}
