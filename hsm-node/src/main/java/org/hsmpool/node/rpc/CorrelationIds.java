package org.hsmpool.node.rpc;

import jakarta.enterprise.context.ApplicationScoped;

/** The manager's correlation id of each call into this node's log lines ({@link org.hsmpool.nodeapi.CorrelationId}). */
@ApplicationScoped
public class CorrelationIds extends org.hsmpool.nodeapi.CorrelationId.Receive {
}
