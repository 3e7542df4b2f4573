package org.hsmpool.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Duration;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.v1.Curve;
import org.hsmpool.nodeapi.v1.GenerateKeyRequest;
import org.hsmpool.nodeapi.v1.InfoRequest;
import org.hsmpool.nodeapi.v1.KeyMaterial;
import org.hsmpool.nodeapi.v1.KeyOp;
import org.hsmpool.nodeapi.v1.KeySpec;
import org.hsmpool.nodeapi.v1.KeyType;
import org.hsmpool.nodeapi.v1.NodeInfo;
import org.hsmpool.nodeapi.v1.SignAlgorithm;
import org.hsmpool.nodeapi.v1.SignRequest;
import org.hsmpool.testkit.NodeProcess;
import org.hsmpool.testkit.PoolUnderTest;
import org.hsmpool.testkit.RestClient;
import org.hsmpool.testkit.TestPool;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

/** A node process across restarts, crashes, and bad configuration. */
class NodeLifecycleIT {

    @Test
    void aRestartedOrKilledNodeServesItsTokenObjectsAgain() throws Exception {
        TestPool pool = new TestPool(Nodes.workDir("lifecycle"));
        try (NodeProcess node = pool.node("node-r").start().awaitReady()) {
            ByteString domainId = Nodes.newDomainId();
            String keyId = Nodes.newKeyId();
            KeyMaterial key;
            try (NodeClient c = pool.managerClient(node)) {
                Nodes.createDomain(c, domainId);
                key = c.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(keyId)
                        .setSpec(KeySpec.newBuilder().setType(KeyType.EC).setCurve(Curve.P_256))
                        .addOps(KeyOp.SIGN).build()));
            }
            node.restart();
            assertServesKeyAndDomain(pool, node, keyId, key, domainId);

            node.kill(); // SIGKILL: nothing gets to shut down cleanly
            node.restart();
            assertServesKeyAndDomain(pool, node, keyId, key, domainId);
        }
    }

    private static void assertServesKeyAndDomain(TestPool pool, NodeProcess node, String keyId, KeyMaterial key,
            ByteString domainId) throws Exception {
        try (NodeClient c = pool.managerClient(node)) {
            NodeInfo info = c.call(s -> s.info(InfoRequest.getDefaultInstance()));
            assertThat(info.getDomainInstalled()).isTrue();
            assertThat(info.getDomainId()).isEqualTo(java.util.HexFormat.of().formatHex(domainId.toByteArray()));
            assertThat(info.getKeyCount()).isEqualTo(1);
            byte[] message = "after restart".getBytes();
            byte[] digest = Nodes.sha("SHA-256", message);
            byte[] signature = c.call(s -> s.sign(SignRequest.newBuilder().setKeyId(keyId)
                    .setAlgorithm(SignAlgorithm.ES256).setDigest(ByteString.copyFrom(digest)).build()))
                    .getSignature().toByteArray();
            Signature v = Signature.getInstance("SHA256withPLAIN-ECDSA", org.hsmpool.node.testing.JcaKeys.BC);
            v.initVerify(org.hsmpool.node.testing.JcaKeys.of(new org.hsmpool.node.token.PublicKeyMaterial.Ec(
                    org.hsmpool.node.token.Curve.P_256, key.getPublicKey().getX().toByteArray(),
                    key.getPublicKey().getY().toByteArray())));
            v.update(message);
            assertThat(v.verify(signature)).isTrue();
        }
    }

    @Test
    void aWrongPinStopsTheNodeWithAClearMessageAndNeverLogsThePin() throws Exception {
        TestPool pool = new TestPool(Nodes.workDir("wrong-pin"));
        String wrongPin = "not-the-pin-4711";
        try (NodeProcess node = pool.node("node-w").wrongPin(wrongPin).start()) {
            assertThat(node.awaitExit(Duration.ofSeconds(60))).isNotZero();
            String log = node.logText();
            assertThat(log).contains("cannot open token 'node-w'").contains("CKR_PIN_INCORRECT")
                    .doesNotContain(wrongPin);
            assertThat(log).doesNotContain(java.nio.file.Files.readString(node.dir().resolve("user.pin")).trim());
        }
    }

    /**
     * The harness against the port race seen in CI: a port taken by another process between being chosen and
     * being bound ends a start ("seems to be in use" for the API port, "Address already in use" for the
     * management interface), and the harness starts the node again on a fresh one (the API port only until it
     * was handed out: a restart keeps it); a node that then dies by itself fails a wait on the pool at once.
     */
    @Test
    void aNodeWhosePortWasTakenStartsOnAFreshOneAndItsDeathEndsAWaitAtOnce() throws Exception {
        TestPool pool = new TestPool(Nodes.workDir("taken-ports"));
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket takenApi = new ServerSocket(0, 1, loopback);
                NodeProcess node = pool.node("node-t").firstPorts(takenApi.getLocalPort(), 0).start()) {
            node.awaitReady();
            assertThat(node.logText()).contains("Port " + takenApi.getLocalPort() + " seems to be in use");
            int api = node.port();
            assertThat(api).isNotEqualTo(takenApi.getLocalPort());

            node.kill();
            int management = node.managementPort();
            try (ServerSocket takenManagement = new ServerSocket(management, 1, loopback)) {
                node.startAgain();
            }
            assertThat(node.logText()).contains("Unable to start the management interface on 127.0.0.1:" + management)
                    .contains("Address already in use");
            assertThat(node.managementPort()).isNotEqualTo(management);
            assertThat(node.port()).as("handed out: kept").isEqualTo(api);
            try (NodeClient c = pool.managerClient(node)) {
                assertThat(c.call(s -> s.info(InfoRequest.getDefaultInstance())).getTokenLabel()).isEqualTo("node-t");
            }

            ProcessHandle.of(node.pid()).orElseThrow().destroyForcibly(); // not through the harness: a crash
            PoolUnderTest watched = new NodeOnly(node);
            assertThatThrownBy(() -> watched.awaitNodes("HEALTHY", 1, Duration.ofSeconds(60)))
                    .as("not an AssertionError after 60 s").isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("node node-t").hasMessageContaining("exited by itself");
        }
    }

    /** A pool under test of one node and no manager: only {@link #requireRunning()} answers. */
    private record NodeOnly(NodeProcess node) implements PoolUnderTest {
        @Override
        public void requireRunning() {
            node.requireRunning();
        }

        @Override
        public String url() {
            return "https://localhost:1";
        }

        @Override
        public Path caFile() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String principal() {
            return "none";
        }

        @Override
        public String token() {
            return "none";
        }

        @Override
        public RestClient rest() {
            throw new IllegalStateException("no manager");
        }

        @Override
        public void close() {
        }
    }
}
