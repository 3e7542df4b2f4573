package org.hsmpool.node.token;

import java.util.List;

/** Facts about the token and the node's use of it. */
public record TokenInfo(String label, String serial, String manufacturer, String model, long slot,
        List<String> mechanisms) {
    public TokenInfo {
        mechanisms = List.copyOf(mechanisms);
    }
}
