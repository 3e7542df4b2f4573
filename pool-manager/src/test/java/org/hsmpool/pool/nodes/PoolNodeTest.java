package org.hsmpool.pool.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a manager knows a node holds of the replication log, from its pushes, the store and the node. */
class PoolNodeTest {

    private final PoolNode node = new PoolNode("node-1", "localhost:9101", null, 3);

    @Test
    void pushedEntriesAboveThePrefixCountAndThePrefixGrowsOverWhatIsContiguous() {
        node.applied(5);
        assertThat(node.covers(5)).isTrue();
        assertThat(node.covers(4)).as("pushed by another manager, not seen").isFalse();
        assertThat(node.appliedSeq()).isEqualTo(3);

        node.applied(4);
        assertThat(node.appliedSeq()).isEqualTo(5);
    }

    @Test
    void aPositionLearntFromTheStoreMovesThePrefixUpAndOverWhatWasPushedAboveIt() {
        node.applied(8);
        node.applied(9);
        node.applied(11);

        node.learn(7);
        assertThat(node.appliedSeq()).as("7, then 8 and 9 that were pushed").isEqualTo(9);
        assertThat(node.covers(10)).isFalse();
        assertThat(node.covers(11)).isTrue();
    }

    @Test
    void aLowerPositionLearntLaterNeverMovesItBack() {
        node.learn(20);
        node.learn(12);

        assertThat(node.appliedSeq()).isEqualTo(20);
        assertThat(node.covers(15)).isTrue();
    }
}
