package org.hsmpool.pool.nodes;

/**
 * Brings a node that answers its health probe up to date (domain keys, replication log) so that
 * it may take traffic. Implemented by the replication package; the health monitor only decides
 * when.
 */
public interface NodeAdmission {
    /**
     * Catch the node up; on return it is HEALTHY or the method threw. Called from one thread per
     * node at a time.
     */
    void admit(PoolNode node) throws Exception;
}
