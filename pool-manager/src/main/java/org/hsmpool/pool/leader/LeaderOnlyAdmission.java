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
 * Catch-up and node admission that writes run on the leader only, fenced by its epoch. The health
 * monitor (package {@code nodes}) decides when a node is admitted and the replication package does
 * it; this decorator chooses how, so neither package knows about leadership. On the leader a node is
 * caught up (domain keys, log replay) and kept up; on every other manager it is followed: it takes
 * traffic once it holds the pool's domain keys, for what its position in the store (or the node
 * itself) shows it holds, and nothing is written to it. A follower whose node may not serve yet (the
 * leader has still to give it the domain keys) asks again every {@value #WAIT_MILLIS} ms, and catches
 * it up itself should it become the leader meanwhile. The health monitor admits each node from one
 * thread at a time and interrupts it at shutdown.
 */
@Decorator
@Priority(10)
abstract class LeaderOnlyAdmission implements NodeAdmission {
    private static final long WAIT_MILLIS = 500;

    @Inject
    @Delegate
    NodeAdmission delegate;

    @Inject
    Leadership leadership;

    @Override
    public void admit(PoolNode node) throws Exception {
        OptionalLong epoch;
        while ((epoch = leadership.epoch()).isEmpty()) {
            if (delegate.follow(node)) {
                return;
            }
            Thread.sleep(WAIT_MILLIS);
        }
        LeaderFence.callChecked(epoch.getAsLong(), () -> {
            delegate.admit(node);
            return null;
        });
    }

    @Override
    public void keepUp(PoolNode node) {
        leadership.runAsLeader(() -> delegate.keepUp(node));
    }
}
