package org.hsmpool.pool.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hsmpool.pool.store.NodeMember;
import org.junit.jupiter.api.Test;

class NodeMembershipTest {
    private static final Instant T = Instant.parse("2026-12-07T09:00:00Z");

    @Test
    void theConfigurationPlusWhatWasAddedMinusWhatWasRemoved() {
        Map<String, String> configured = Map.of("node-1", "localhost:9101", "node-2", "localhost:9102");
        List<NodeMember> changes = List.of(new NodeMember("node-1", "localhost:9101", true, T),
                new NodeMember("node-3", "localhost:9103", false, T),
                new NodeMember("node-2", "otherhost:9202", false, T));

        assertThat(NodeMembership.members(configured, changes)).containsExactly(
                Map.entry("node-2", "otherhost:9202"), Map.entry("node-3", "localhost:9103"));
    }

    @Test
    void withoutChangesTheConfigurationByName() {
        assertThat(NodeMembership.members(Map.of("b", "h:2", "a", "h:1"), List.of())).containsExactly(
                Map.entry("a", "h:1"), Map.entry("b", "h:2"));
    }
}
