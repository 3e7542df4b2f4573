/**
 * The nodes of the pool as the manager sees them: {@link org.hsmpool.pool.nodes.PoolNode} (client,
 * state, what it has applied of the replication log, calls in flight), the
 * {@link org.hsmpool.pool.nodes.NodeRegistry} built from provisioning configuration, and the
 * {@link org.hsmpool.pool.nodes.HealthMonitor}: active probes, passive ejection, and re-admission
 * only through {@link org.hsmpool.pool.nodes.NodeAdmission} (catch-up, implemented by replication).
 */
package org.hsmpool.pool.nodes;
