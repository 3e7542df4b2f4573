package org.hsmpool.pool.leader;

import java.util.OptionalLong;

import org.hsmpool.pool.store.LeaderFence;

/**
 * Whether this manager leads the pool's background work, and the way to run such work: only on the
 * leader, with every store write it makes fenced by the leader's epoch, so that the writes of a
 * leader that was paused past its lease are refused once another manager has taken over.
 */
public interface Leadership {

    /**
     * The epoch this manager leads in; empty when another manager leads, none does yet, or this
     * manager has not renewed its lease within the lease time.
     */
    OptionalLong epoch();

    /** This manager's name as a lease holder: {@code host:port/pid}. */
    String self();

    /**
     * Runs {@code job} if this manager leads, fenced by its epoch ({@link LeaderFence}); does
     * nothing and answers false otherwise.
     */
    default boolean runAsLeader(Runnable job) {
        OptionalLong epoch = epoch();
        if (epoch.isEmpty()) {
            return false;
        }
        LeaderFence.run(epoch.getAsLong(), job);
        return true;
    }
}
