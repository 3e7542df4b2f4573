package org.hsmpool.pool.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The node part of {@link JdbcPoolStore}: the nodes' rows (state, position) and run-time membership. */
final class JdbcNodeStore {
    private final Transactions tx;

    JdbcNodeStore(Transactions tx) {
        this.tx = tx;
    }

    Node addNode(String name, String endpoint) {
        var node = new Node(name, endpoint, NodeState.JOINING, 0, null);
        return tx.write("add a node", c -> {
            if (NodeRows.find(c, name).isPresent()) {
                throw StoreException.conflict("node " + name + " is already registered");
            }
            NodeRows.insert(c, node);
            return node;
        });
    }

    Optional<Node> node(String name) {
        Node.checkName(name);
        return tx.read("read a node", c -> NodeRows.find(c, name));
    }

    List<Node> nodes() {
        return tx.read("list the nodes", NodeRows::all);
    }

    Node changeNodeState(String name, NodeState expected, NodeState next) {
        Node.checkName(name);
        Arguments.present(expected, "the expected state");
        Arguments.present(next, "the next state");
        return tx.write("change a node state", c -> {
            if (!NodeRows.compareAndSetState(c, name, expected, next)) {
                Node node = NodeRows.find(c, name).orElseThrow(() -> StoreException.notFound("no node " + name));
                throw new StoreException(StoreException.Code.STATE_MISMATCH,
                        "node " + name + " is " + node.state() + ", not " + expected);
            }
            return NodeRows.find(c, name).orElseThrow();
        });
    }

    /** {@code restart}: the position may go down (a wiped token); else it only goes up. */
    Node recordNodeProgress(String name, long appliedSeq, Instant seenAt, boolean restart) {
        Node.checkName(name);
        Arguments.position(appliedSeq, "an applied position");
        Instant seen = Arguments.time(seenAt, "the time seen");
        return tx.write("record node progress", c -> {
            if (appliedSeq > LogRows.head(c)) {
                throw StoreException.invalid("node " + name + " cannot have applied past the log head");
            }
            if (!NodeRows.updateProgress(c, name, appliedSeq, seen, restart)) {
                throw StoreException.notFound("no node " + name);
            }
            return NodeRows.find(c, name).orElseThrow();
        });
    }

    void removeNode(String name) {
        Node.checkName(name);
        tx.write("remove a node", c -> {
            if (!NodeRows.delete(c, name)) {
                throw StoreException.notFound("no node " + name);
            }
            return null;
        });
    }

    List<NodeMember> nodeMembership() {
        return tx.read("read the node membership", c -> Rows.list(c,
                "SELECT name, endpoint, status, changed_ms FROM node_membership ORDER BY name",
                row -> new NodeMember(row.getString(1), row.getString(2), "removed".equals(row.getString(3)),
                        Instant.ofEpochMilli(row.getLong(4)))));
    }

    /**
     * The change replaces what was recorded of its node, and the node's row goes with it: an added
     * node starts anew (JOINING at position 0: whatever token answers there is caught up from the
     * start), a removed one keeps no position.
     */
    void recordMembership(NodeMember change) {
        Arguments.present(change, "a membership change");
        tx.write("record a node membership change", c -> {
            Rows.update(c, "DELETE FROM node_membership WHERE name = ?", change.name());
            Rows.update(c, "INSERT INTO node_membership (name, endpoint, status, changed_ms) VALUES (?, ?, ?, ?)",
                    change.name(), change.endpoint(), change.removed() ? "removed" : "added", change.changed());
            NodeRows.delete(c, change.name());
            if (!change.removed()) {
                NodeRows.insert(c, new Node(change.name(), change.endpoint(), NodeState.JOINING, 0, null));
            }
            return null;
        });
    }
}
