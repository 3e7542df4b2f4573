package org.hsmpool.pool.router;

/** Router failures as a node's answer would make them, for the tests of the layers that map them. */
public final class RoutingFailures {
    private RoutingFailures() {
    }

    public static RoutingException of(RoutingException.Code code, String detail) {
        return code == RoutingException.Code.NO_NODE ? RoutingException.noNode("a test call")
                : RoutingException.answered("a test call failed on node-1", code, detail, "", null);
    }
}
