package org.hsmpool.pool.store;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One hsm-node as the registry knows it.
 *
 * @param endpoint {@code host:port}; an IPv6 host is written in brackets
 * @param appliedSeq the replication log position the node has applied (0: nothing yet)
 * @param lastSeen the last successful contact, null before the first
 */
public record Node(String name, String endpoint, NodeState state, long appliedSeq, Instant lastSeen) {

    private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z][0-9a-zA-Z._-]{0,63}");
    private static final Pattern ENDPOINT = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[0-9a-zA-Z._-]+):([0-9]{1,5})");

    public Node {
        checkName(name);
        checkEndpoint(endpoint);
        Arguments.present(state, "a node state");
        Arguments.position(appliedSeq, "an applied position");
        lastSeen = Arguments.millis(lastSeen);
    }

    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw StoreException.invalid("a node name is 1 to 64 characters of 0-9, a-z, A-Z, '.', '_' and '-'");
        }
        return name;
    }

    static String checkEndpoint(String endpoint) {
        var m = endpoint == null ? null : ENDPOINT.matcher(endpoint);
        if (m == null || !m.matches() || endpoint.length() > 255) {
            throw StoreException.invalid("a node endpoint is host:port");
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw StoreException.invalid("a node port is 1 to 65535");
        }
        return endpoint;
    }
}
