package org.hsmpool.node.rpc;

import org.hsmpool.nodeapi.v1.NodeError;

/** The gRPC edge's reading of a failure, for the tests of the layers below it. */
public final class RepliesAccess {
    private RepliesAccess() {
    }

    public static NodeError errorOf(RuntimeException failure) {
        return Replies.errorOf("a test call", failure);
    }
}
