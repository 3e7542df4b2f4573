/**
 * Keeping every node's token identical: {@link org.hsmpool.pool.replication.Replicator} (a new key
 * version is durable in the store and present on a second node before the client hears of it),
 * {@link org.hsmpool.pool.replication.LogApplier} (what one log entry means to a node),
 * {@link org.hsmpool.pool.replication.CatchUp} (domain keys and log replay before a node takes
 * traffic) and {@link org.hsmpool.pool.replication.DomainTransfer} (W and H node to node).
 */
package org.hsmpool.pool.replication;
