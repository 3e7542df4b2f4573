package org.hsmpool.pool.nodes;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hsmpool.pool.store.NodeMember;

/**
 * Which nodes a manager has: those of its configuration, plus the ones added at run time, minus the
 * ones removed at run time (the store's record, shared by every manager of the store).
 */
final class NodeMembership {
    private NodeMembership() {
    }

    /** Name to endpoint, by name. */
    static Map<String, String> members(Map<String, String> configured, List<NodeMember> changes) {
        Map<String, String> members = new TreeMap<>(configured);
        for (NodeMember change : changes) {
            if (change.removed()) {
                members.remove(change.name());
            } else {
                members.put(change.name(), change.endpoint());
            }
        }
        return members;
    }
}
