package org.hsmpool.pool.nodes;

/**
 * Brings a node that answers its health probe up to date (domain keys, replication log) so that
 * it may take traffic. Implemented by the replication package; the health monitor only decides
 * when, and the leader package who: the leader catches nodes up, every other manager follows.
 */
public interface NodeAdmission {
    /**
     * Catch the node up; on return it is HEALTHY or the method threw. Called from one thread per
     * node at a time.
     */
    void admit(PoolNode node) throws Exception;

    /**
     * Let a node take this manager's traffic without changing it, on a manager that does not lead
     * (several managers share the store): it must hold the pool's domain keys, and this manager routes
     * to it only what its position in the store, or the node itself, shows it holds. On true the node
     * is HEALTHY; false while it may not serve yet (the leader has still to give it the domain keys).
     */
    boolean follow(PoolNode node) throws Exception;

    /**
     * A node that takes traffic, at each of its probes: the leader brings it up to the log head (the
     * entries other managers appended and pushed) and records its position for the other managers.
     */
    void keepUp(PoolNode node);
}
