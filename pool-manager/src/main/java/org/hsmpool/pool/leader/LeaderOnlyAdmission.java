package org.hsmpool.pool.leader;

import java.util.OptionalLong;

import org.hsmpool.pool.nodes.NodeAdmission;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.store.LeaderFence;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

/**
 * Catch-up and node admission run on the leader only, fenced by its epoch. The health monitor
 * (package {@code nodes}) decides when a node is admitted and the replication package does it; this
 * decorator gates the call between them, so neither package knows about leadership. On a manager
 * that does not lead, admission waits (the node stays CATCHING_UP, out of this manager's traffic)
 * until this manager leads: a standby serves no node traffic, its readiness is down, and it is ready
 * to admit the nodes the moment it takes over. The health monitor admits each node from one thread
 * at a time and interrupts it at shutdown.
 */
@Decorator
@Priority(10)
abstract class LeaderOnlyAdmission implements NodeAdmission {
    private static final long WAIT_MILLIS = 200;

    @Inject
    @Delegate
    NodeAdmission delegate;

    @Inject
    Leadership leadership;

    @Override
    public void admit(PoolNode node) throws Exception {
        OptionalLong epoch;
        while ((epoch = leadership.epoch()).isEmpty()) {
            Thread.sleep(WAIT_MILLIS);
        }
        LeaderFence.callChecked(epoch.getAsLong(), () -> {
            delegate.admit(node);
            return null;
        });
    }
}
