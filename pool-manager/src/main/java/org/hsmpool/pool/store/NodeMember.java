package org.hsmpool.pool.store;

import java.time.Instant;

/**
 * A change of the pool's nodes made at run time: {@code name} was added at {@code endpoint}, or
 * removed ({@code removed}; the endpoint is the one it had). The latest change of a name is the one
 * kept.
 */
public record NodeMember(String name, String endpoint, boolean removed, Instant changed) {

    public NodeMember {
        Node.checkName(name);
        Node.checkEndpoint(endpoint);
        changed = Arguments.millis(Arguments.time(changed, "the time of the change"));
    }
}
