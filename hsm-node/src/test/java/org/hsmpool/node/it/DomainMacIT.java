package org.hsmpool.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.v1.DomainMacReply;
import org.hsmpool.nodeapi.v1.DomainMacRequest;
import org.hsmpool.nodeapi.v1.NodeError;
import org.hsmpool.testkit.NodeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.protobuf.ByteString;

/**
 * DomainMac on real node processes: the MAC depends on the domain's H only, so two nodes of one
 * domain agree and a node of another domain does not; bad purposes and oversized data are refused.
 */
class DomainMacIT {
    private static final int MAX_DATA = 4 << 20;

    private static DomainPair pair;
    private static NodeProcess nodeOther;
    private static NodeProcess nodeNone;
    private static NodeClient a;
    private static NodeClient b;
    private static NodeClient other;
    private static NodeClient none;

    @BeforeAll
    static void start() throws Exception {
        pair = DomainPair.start("domain-mac");
        a = pair.a;
        b = pair.b;
        nodeOther = pair.pool.node("node-other").start();
        nodeNone = pair.pool.node("node-none").start();
        other = pair.pool.managerClient(nodeOther.awaitReady());
        none = pair.pool.managerClient(nodeNone.awaitReady());
        Nodes.createDomain(other, Nodes.newDomainId());
    }

    @AfterAll
    static void stop() throws Exception {
        for (NodeClient c : new NodeClient[] {other, none}) {
            if (c != null) {
                c.close();
            }
        }
        for (NodeProcess n : new NodeProcess[] {nodeOther, nodeNone}) {
            if (n != null) {
                n.close();
            }
        }
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void twoNodesOfOneDomainMakeTheSameMacAndAnotherDomainAnother() {
        ByteString data = ByteString.copyFromUtf8("{\"key\":\"backup\"}");
        DomainMacReply inA = mac(a, "key-backup", data);
        DomainMacReply inB = mac(b, "key-backup", data);
        DomainMacReply elsewhere = mac(other, "key-backup", data);
        assertThat(inA.getMac().size()).isEqualTo(32);
        assertThat(inB.getMac()).isEqualTo(inA.getMac());
        assertThat(inA.getDomainId()).isEqualTo(pair.domainId);
        assertThat(inB.getDomainId()).isEqualTo(pair.domainId);
        assertThat(elsewhere.getMac()).isNotEqualTo(inA.getMac());
        assertThat(elsewhere.getDomainId()).isNotEqualTo(pair.domainId);
    }

    @Test
    void purposeAndDataBothChangeTheMac() {
        ByteString data = ByteString.copyFromUtf8("same data");
        ByteString m = mac(a, "key-backup", data).getMac();
        assertThat(mac(a, "audit-head", data).getMac()).isNotEqualTo(m);
        assertThat(mac(a, "key-backup", ByteString.copyFromUtf8("same datA")).getMac()).isNotEqualTo(m);
        // the separators keep purpose and data apart: "a" + "bc" is not "ab" + "c"
        assertThat(mac(a, "a", ByteString.copyFromUtf8("bc")).getMac())
                .isNotEqualTo(mac(a, "ab", ByteString.copyFromUtf8("c")).getMac());
    }

    @Test
    void emptyAndLargestDataAreMacked() {
        assertThat(mac(a, "empty", ByteString.EMPTY).getMac().size()).isEqualTo(32);
        ByteString largest = ByteString.copyFrom(new byte[MAX_DATA]);
        assertThat(mac(a, "largest", largest).getMac()).isEqualTo(mac(b, "largest", largest).getMac());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Key-Backup", "key backup", "key_backup", "clé", "key-backup\u0000x",
        "a234567890123456789012345678901234567890123456789012345678901234x"})
    void aPurposeOutsideTheAlphabetIsABadRequest(String purpose) {
        assertRefused(a, purpose, ByteString.copyFromUtf8("data"), NodeError.Reason.BAD_REQUEST);
    }

    @Test
    void dataOver4MibIsABadRequest() {
        assertRefused(a, "key-backup", ByteString.copyFrom(new byte[MAX_DATA + 1]), NodeError.Reason.BAD_REQUEST);
    }

    @Test
    void aNodeWithoutDomainKeysHasNoMacKey() {
        assertRefused(none, "key-backup", ByteString.copyFromUtf8("data"), NodeError.Reason.NO_DOMAIN);
    }

    private static DomainMacReply mac(NodeClient node, String purpose, ByteString data) {
        return node.call(s -> s.domainMac(DomainMacRequest.newBuilder().setPurpose(purpose).setData(data).build()));
    }

    private static void assertRefused(NodeClient node, String purpose, ByteString data, NodeError.Reason reason) {
        assertThatThrownBy(() -> mac(node, purpose, data))
                .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
