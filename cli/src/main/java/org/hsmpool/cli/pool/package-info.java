/**
 * A pool on this machine: {@code hsmpool up} provisions a directory (pool CA, certificates, one
 * SoftHSM2 token per node with random PINs, a bearer token) and starts the node and manager
 * processes in the background; {@code hsmpool down} stops them; {@code node} changes the nodes
 * (restarting the manager, {@link org.hsmpool.cli.pool.PoolMembership}); {@code logs}, {@code token}
 * and {@code env} read or extend the directory. {@link org.hsmpool.cli.pool.LocalPool} knows the
 * directory's layout, {@link org.hsmpool.cli.pool.PoolJson} what {@code pool.json} records and
 * {@link org.hsmpool.cli.pool.PoolProcesses} the node and manager processes; the commands only print
 * and decide.
 */
package org.hsmpool.cli.pool;
