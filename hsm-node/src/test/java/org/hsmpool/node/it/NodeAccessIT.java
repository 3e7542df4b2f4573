package org.hsmpool.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.NodeErrors;
import org.hsmpool.nodeapi.pki.PoolCa;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.nodeapi.pki.RotatingTls;
import org.hsmpool.nodeapi.pki.TlsMaterial;
import org.hsmpool.nodeapi.v1.DomainKeyBundle;
import org.hsmpool.nodeapi.v1.ExportDomainKeysRequest;
import org.hsmpool.nodeapi.v1.HsmNodeGrpc;
import org.hsmpool.nodeapi.v1.InfoRequest;
import org.hsmpool.nodeapi.v1.NodeError;
import org.hsmpool.nodeapi.v1.TransportKey;
import org.hsmpool.nodeapi.v1.TransportKeyPurpose;
import org.hsmpool.testkit.NodeProcess;
import org.hsmpool.testkit.TestPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;

/**
 * Who may talk to a node, and to whom a node gives its domain keys: only the pool manager's
 * certificate from the pool CA, over TLS, with a deadline; domain keys only to a transport key
 * attested by a node certificate of the same pool CA.
 */
class NodeAccessIT {
    private static TestPool pool;
    private static NodeProcess node;
    private static NodeProcess peer;
    private static NodeClient manager;
    private static NodeClient peerManager;

    @BeforeAll
    static void start() throws Exception {
        pool = new TestPool(Nodes.workDir("access"));
        node = pool.node("node-1").start();
        // node-2 serves TLS through the JDK, node-1 through BoringSSL (the default here): the manager reaches both
        peer = pool.node("node-2").systemProperty("hsmpool.node.tls.engine", "jdk").start();
        node.awaitReady();
        peer.awaitReady();
        manager = pool.managerClient(node);
        peerManager = pool.managerClient(peer);
        Nodes.createDomain(manager, Nodes.newDomainId());
    }

    @AfterAll
    static void stop() throws Exception {
        manager.close();
        peerManager.close();
        node.close();
        peer.close();
    }

    @Test
    void theManagerIsServed() {
        assertThat(manager.call(s -> s.info(InfoRequest.getDefaultInstance())).getNodeName()).isEqualTo("node-1");
    }

    /** Each node serves TLS through the implementation configured; the manager's channel (BoringSSL) works with both. */
    @Test
    void eitherTlsEngineServesTheManager() throws Exception {
        assertThat(node.logText()).contains("TLS through BoringSSL");
        assertThat(peer.logText()).contains("TLS through the JDK's TLS");
        assertThat(peerManager.call(s -> s.info(InfoRequest.getDefaultInstance())).getNodeName()).isEqualTo("node-2");
    }

    @Test
    void theManagersChannelAcceptsOnlyTheNodeItNames() throws Exception {
        Path root = pool.caFile().getParent().getParent();
        try (RotatingTls tls = new RotatingTls(new TlsMaterial.Sources(root.resolve("manager/manager.crt"),
                root.resolve("manager/manager.key"), java.util.Optional.of(pool.caFile())));
                NodeClient right = NodeClient.connect("127.0.0.1", node.port(), tls, PoolIdentity.node("node-1"),
                        Duration.ofSeconds(10));
                NodeClient wrong = NodeClient.connect("127.0.0.1", peer.port(), tls, PoolIdentity.node("node-1"),
                        Duration.ofSeconds(10))) {
            assertThat(right.call(s -> s.info(InfoRequest.getDefaultInstance())).getNodeName()).isEqualTo("node-1");
            // node-2 holds a valid pool-CA certificate for localhost, but it is not node-1
            assertThatThrownBy(() -> wrong.call(s -> s.info(InfoRequest.getDefaultInstance())))
                    .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                            e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.UNAVAILABLE));
        }
    }

    /**
     * Given event loops, a call started on a loop goes out on that loop's own channel and is answered
     * on that same thread (no hand-over); a call from any other thread is answered on none of the loops
     * (grpc-java's own channel); and each loop's channel pins the node as the single channel does.
     */
    @Test
    void aCallMadeOnAnEventLoopIsAnsweredOnThatLoop() throws Exception {
        Path root = pool.caFile().getParent().getParent();
        io.netty.channel.nio.NioEventLoopGroup loops = new io.netty.channel.nio.NioEventLoopGroup(2);
        try (RotatingTls tls = new RotatingTls(new TlsMaterial.Sources(root.resolve("manager/manager.crt"),
                root.resolve("manager/manager.key"), java.util.Optional.of(pool.caFile())));
                NodeClient client = NodeClient.connect("127.0.0.1", node.port(), tls, PoolIdentity.node("node-1"),
                        Duration.ofSeconds(10), loops);
                NodeClient wrong = NodeClient.connect("127.0.0.1", peer.port(), tls, PoolIdentity.node("node-1"),
                        Duration.ofSeconds(10), loops)) {
            java.util.Set<Thread> loopThreads = new java.util.HashSet<>();
            for (io.netty.util.concurrent.EventExecutor loop : loops) {
                for (int i = 0; i < 3; i++) {
                    java.util.concurrent.CompletableFuture<Thread[]> threads = new java.util.concurrent.CompletableFuture<>();
                    loop.execute(() -> {
                        Thread caller = Thread.currentThread();
                        client.<org.hsmpool.nodeapi.v1.NodeInfo>callAsync(Duration.ofSeconds(10),
                                (stub, answer) -> stub.info(InfoRequest.getDefaultInstance(), answer))
                                .whenComplete((info, failure) -> threads.complete(new Thread[] {caller, Thread.currentThread()}));
                    });
                    Thread[] t = threads.get(20, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(t[1]).as("answered on the calling loop").isSameAs(t[0]);
                    loopThreads.add(t[0]);
                }
            }
            assertThat(loopThreads).hasSize(2);
            Thread answeredOn = client.<org.hsmpool.nodeapi.v1.NodeInfo>callAsync(Duration.ofSeconds(10),
                    (stub, answer) -> stub.info(InfoRequest.getDefaultInstance(), answer))
                    .thenApply(info -> Thread.currentThread()).get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(loopThreads).doesNotContain(answeredOn);
            java.util.concurrent.CompletableFuture<Throwable> refused = new java.util.concurrent.CompletableFuture<>();
            loops.next().execute(() -> wrong.<org.hsmpool.nodeapi.v1.NodeInfo>callAsync(Duration.ofSeconds(10),
                    (stub, answer) -> stub.info(InfoRequest.getDefaultInstance(), answer))
                    .whenComplete((info, failure) -> refused.complete(failure)));
            assertThat(refused.get(20, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                            e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.UNAVAILABLE));
        } finally {
            loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void aClientWithACertificateFromAnotherCaIsRefused() throws Exception {
        PoolCa foreign = PoolCa.create("foreign", Duration.ofDays(1));
        try (NodeClient stranger = pool.clientAs(node, foreign, PoolIdentity.manager("manager"))) {
            assertThatThrownBy(() -> stranger.call(s -> s.info(InfoRequest.getDefaultInstance())))
                    .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                            e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.UNAVAILABLE));
        }
    }

    @Test
    void aClientWithoutACertificateIsRefused() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", node.port())
                .sslContext(GrpcSslContexts.forClient().trustManager(pool.caFile().toFile()).build()).build();
        try {
            assertThatThrownBy(() -> HsmNodeGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(10))
                    .info(InfoRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void plaintextIsRefused() {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
        try {
            assertThatThrownBy(() -> HsmNodeGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(10))
                    .info(InfoRequest.getDefaultInstance()))
                    .isInstanceOf(StatusRuntimeException.class);
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aNodeCertificateOfTheSamePoolCannotDriveANode() throws Exception {
        try (NodeClient otherNode = pool.clientAs(node, pool.ca(), PoolIdentity.node("node-2"))) {
            assertThatThrownBy(() -> otherNode.call(s -> s.info(InfoRequest.getDefaultInstance())))
                    .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                            e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.PEER_NOT_TRUSTED))
                    .hasMessageContaining("urn:hsmpool:node:node-2");
        }
    }

    @Test
    void aCallWithoutADeadlineIsRefused() throws Exception {
        Path base = pool.dir().resolve("manager");
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", node.port())
                .sslContext(GrpcSslContexts.forClient()
                        .keyManager(base.resolve("manager.crt").toFile(), base.resolve("manager.key").toFile())
                        .trustManager(pool.caFile().toFile()).build())
                .build();
        try {
            assertThatThrownBy(() -> HsmNodeGrpc.newBlockingStub(channel).info(InfoRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(NodeErrors.from(e).getReason()).isEqualTo(NodeError.Reason.BAD_REQUEST);
                        assertThat(e.getStatus().getDescription()).contains("deadline");
                    });
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void domainKeysGoOnlyToATransportKeyAttestedByANodeOfThisPool() throws Exception {
        TransportKey genuine = Nodes.transportKey(peerManager, TransportKeyPurpose.DOMAIN_BUNDLE);

        // a transport key swapped under a genuine attestation (what a manager in the middle would try)
        TransportKey own = Nodes.transportKey(manager, TransportKeyPurpose.DOMAIN_BUNDLE);
        TransportKey swapped = genuine.toBuilder().setPublicKey(own.getPublicKey()).build();
        assertRefused(swapped, "signature does not verify");

        TransportKey badSignature = genuine.toBuilder()
                .setSignature(ByteString.copyFrom(new byte[genuine.getSignature().size()])).build();
        assertRefused(badSignature, "urn:hsmpool:node:node-2");

        TransportKey noCertificate = genuine.toBuilder().clearCertificateChain().build();
        assertRefused(noCertificate, "no certificate");

        // a node of another pool, with its own CA
        TestPool otherPool = new TestPool(Nodes.workDir("access-foreign"));
        try (NodeProcess foreignNode = otherPool.node("node-x").start().awaitReady();
                NodeClient foreign = otherPool.managerClient(foreignNode)) {
            TransportKey foreignKey = Nodes.transportKey(foreign, TransportKeyPurpose.DOMAIN_BUNDLE);
            assertRefused(foreignKey, "not issued by this pool's CA");
        }

        // and the genuine one is accepted
        assertThat(manager.call(s -> s.exportDomainKeys(
                ExportDomainKeysRequest.newBuilder().setRecipient(genuine).build())).getWrappedWrapKey().size())
                .isEqualTo(384);
    }

    /**
     * Issue 14 item 4: a compromised manager wraps W′ and H′ of its own choosing to a fresh node's
     * transport key (OAEP authenticates nothing). The node refuses every bundle no node of its pool
     * signed, and a genuine bundle altered in transit, and stays without domain keys.
     */
    @Test
    void aNodeInstallsOnlyDomainKeysThatANodeOfItsPoolSigned() throws Exception {
        try (NodeProcess fresh = pool.node("node-fresh").start().awaitReady();
                NodeClient freshManager = pool.managerClient(fresh)) {
            TransportKey recipient = Nodes.transportKey(freshManager, TransportKeyPurpose.DOMAIN_BUNDLE);
            java.security.PublicKey transportKey = java.security.KeyFactory.getInstance("RSA")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(recipient.getPublicKey().toByteArray()));
            javax.crypto.Cipher oaep = javax.crypto.Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            oaep.init(javax.crypto.Cipher.ENCRYPT_MODE, transportKey);
            byte[] chosenW = new byte[32];
            byte[] chosenH = new byte[32];
            new java.security.SecureRandom().nextBytes(chosenW);
            new java.security.SecureRandom().nextBytes(chosenH);
            byte[] fingerprint = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(recipient.getPublicKey().toByteArray());
            DomainKeyBundle forged = DomainKeyBundle.newBuilder().setDomainId(ByteString.copyFrom(new byte[16]))
                    .setWrappedWrapKey(ByteString.copyFrom(oaep.doFinal(chosenW)))
                    .setWrappedMacKey(ByteString.copyFrom(oaep.doFinal(chosenH)))
                    .setRecipientKeySha256(ByteString.copyFrom(fingerprint)).build();
            assertNotInstalled(freshManager, forged, "no certificate");

            // signed with a manager certificate of the same pool CA: the manager's own identity
            PoolCa.Issued managerIdentity = pool.ca().issue(PoolIdentity.manager("manager"), java.util.List.of("localhost"),
                    Duration.ofDays(1));
            DomainKeyBundle byManager = Nodes.signed(forged, managerIdentity);
            assertNotInstalled(freshManager, byManager, "not by a node");

            // signed by a node certificate of another CA
            PoolCa other = PoolCa.create("other", Duration.ofDays(1));
            assertNotInstalled(freshManager, Nodes.signed(forged, other.issue(PoolIdentity.node("node-1"),
                    java.util.List.of("localhost"), Duration.ofDays(1))), "not issued by the pool CA");

            // a genuine bundle from node-1, with the wrapped W replaced by the manager's own
            DomainKeyBundle genuine = manager.call(s -> s.exportDomainKeys(ExportDomainKeysRequest.newBuilder()
                    .setRecipient(recipient).build()));
            assertThat(genuine.getSenderCertificateChainCount()).isPositive();
            assertNotInstalled(freshManager, genuine.toBuilder().setWrappedWrapKey(forged.getWrappedWrapKey()).build(),
                    "does not verify");

            freshManager.call(s -> s.importDomainKeys(genuine));
            assertThat(freshManager.call(s -> s.info(InfoRequest.getDefaultInstance())).getDomainInstalled()).isTrue();
        }
    }

    private static void assertNotInstalled(NodeClient node, DomainKeyBundle bundle, String message) {
        assertThatThrownBy(() -> node.call(s -> s.importDomainKeys(bundle)))
                .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                        e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.PEER_NOT_TRUSTED))
                .hasMessageContaining(message);
        assertThat(node.call(s -> s.info(InfoRequest.getDefaultInstance())).getDomainInstalled())
                .as("no domain keys were installed").isFalse();
    }

    private static void assertRefused(TransportKey recipient, String message) {
        assertThatThrownBy(() -> manager.call(
                s -> s.exportDomainKeys(ExportDomainKeysRequest.newBuilder().setRecipient(recipient).build())))
                .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                        e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.PEER_NOT_TRUSTED))
                .hasMessageContaining(message);
    }
}
