package org.hsmpool.pool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.pool.store.StoreAssertions.assertFailsWith;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeRegistryTest {
    @TempDir
    Path dir;
    PoolStore store;

    @BeforeEach
    void open() {
        store = Fixtures.open(dir.resolve("pool.db"));
    }

    @Test
    void aNewNodeJoinsAtPositionZeroAndNodesListByName() {
        store.addNode("node-2", "127.0.0.1:9102");
        store.addNode("node-1", "[::1]:9101");

        assertThat(store.nodes()).extracting(Node::name).containsExactly("node-1", "node-2");
        assertThat(store.node("node-1")).hasValue(new Node("node-1", "[::1]:9101", NodeState.JOINING, 0, null));
    }

    @Test
    void aNodeNameIsRegisteredOnce() {
        store.addNode("node-1", "localhost:9101");

        assertFailsWith(StoreException.Code.CONFLICT, () -> store.addNode("node-1", "localhost:9999"));
        assertThat(store.node("node-1")).map(Node::endpoint).hasValue("localhost:9101");
    }

    @Test
    void nodeStateChangesAreCompareAndSet() {
        store.addNode("node-1", "localhost:9101");
        store.changeNodeState("node-1", NodeState.JOINING, NodeState.CATCHING_UP);
        store.changeNodeState("node-1", NodeState.CATCHING_UP, NodeState.HEALTHY);

        assertFailsWith(StoreException.Code.STATE_MISMATCH,
                () -> store.changeNodeState("node-1", NodeState.CATCHING_UP, NodeState.EJECTED));
        assertThat(store.node("node-1")).map(Node::state).hasValue(NodeState.HEALTHY);
        assertFailsWith(StoreException.Code.NOT_FOUND,
                () -> store.changeNodeState("node-9", NodeState.JOINING, NodeState.HEALTHY));
    }

    @Test
    void progressNeverGoesBackUnlessTheNodeRestartsAndNeverPassesTheLogHead() {
        store.addNode("node-1", "localhost:9101");
        Fixtures.append(store, "k1");
        long head = Fixtures.append(store, "k2").seq();

        store.recordNodeProgress("node-1", head, Fixtures.T0);
        assertThat(store.node("node-1")).hasValueSatisfying(n -> {
            assertThat(n.appliedSeq()).isEqualTo(head);
            assertThat(n.lastSeen()).isEqualTo(Fixtures.T0);
        });

        assertFailsWith(StoreException.Code.INVALID_ARGUMENT,
                () -> store.recordNodeProgress("node-1", head + 1, Fixtures.T0));
        // another manager that knows less does not move the position back, but is seen
        store.recordNodeProgress("node-1", head - 1, Fixtures.T0.plusSeconds(2));
        assertThat(store.node("node-1")).hasValueSatisfying(n -> {
            assertThat(n.appliedSeq()).isEqualTo(head);
            assertThat(n.lastSeen()).isEqualTo(Fixtures.T0.plusSeconds(2));
        });
        // a wiped node starts again from nothing
        store.restartNodeProgress("node-1", 0, Fixtures.T0.plusSeconds(5));
        assertThat(store.node("node-1")).map(Node::appliedSeq).hasValue(0L);
        assertFailsWith(StoreException.Code.NOT_FOUND, () -> store.recordNodeProgress("node-9", 0, Fixtures.T0));
    }

    @Test
    void aRemovedNodeIsGone() {
        store.addNode("node-1", "localhost:9101");
        store.removeNode("node-1");

        assertThat(store.node("node-1")).isEmpty();
        assertFailsWith(StoreException.Code.NOT_FOUND, () -> store.removeNode("node-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "localhost:", ":9101", "localhost:0", "localhost:65536",
            "host name:9101", "http://localhost:9101", "::1:9101"})
    void aMalformedEndpointIsRefused(String endpoint) {
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.addNode("node-1", endpoint));
        assertThat(store.nodes()).isEmpty();
    }

    @Test
    void aMembershipChangeReplacesTheLastOneOfItsNameAndTheNodesRow() {
        assertThat(store.nodeMembership()).isEmpty();
        store.addNode("node-1", "localhost:9101");
        Fixtures.append(store, "k1");
        store.recordNodeProgress("node-1", store.logHead(), Fixtures.T0);

        store.recordMembership(new NodeMember("node-1", "localhost:9101", true, Fixtures.T0));
        assertThat(store.nodeMembership()).containsExactly(new NodeMember("node-1", "localhost:9101", true, Fixtures.T0));
        assertThat(store.node("node-1")).isEmpty();

        // added again (at another port): a new row at position 0, whatever the old one had applied
        store.recordMembership(new NodeMember("node-1", "localhost:9201", false, Fixtures.T0.plusSeconds(1)));
        store.recordMembership(new NodeMember("node-4", "[::1]:9104", false, Fixtures.T0.plusSeconds(2)));
        assertThat(store.nodeMembership()).containsExactly(
                new NodeMember("node-1", "localhost:9201", false, Fixtures.T0.plusSeconds(1)),
                new NodeMember("node-4", "[::1]:9104", false, Fixtures.T0.plusSeconds(2)));
        assertThat(store.node("node-1")).hasValue(new Node("node-1", "localhost:9201", NodeState.JOINING, 0, null));
        assertThat(store.node("node-4")).map(Node::state).hasValue(NodeState.JOINING);
    }

    @Test
    void aMembershipChangeChecksItsNameAndEndpoint() {
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT,
                () -> new NodeMember("../etc", "localhost:9101", false, Fixtures.T0));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT,
                () -> new NodeMember("node-1", "localhost:99999", false, Fixtures.T0));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT,
                () -> new NodeMember("node-1", "localhost", false, Fixtures.T0));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.recordMembership(null));
        assertThat(store.nodeMembership()).isEmpty();
    }
}
