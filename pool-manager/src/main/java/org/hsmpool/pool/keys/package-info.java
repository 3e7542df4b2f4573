/**
 * Key life-cycle rules behind the Key Vault API: what a create asks of the nodes, what is stored,
 * which attributes allow which operation. {@link org.hsmpool.pool.keys.KeyService} is what the
 * {@code api} package calls; it uses {@code replication} for writes and {@code router} for
 * cryptographic calls. Failures are {@link org.hsmpool.pool.keys.KeyException}s with a stable code;
 * the {@code api} edge decides, once, what a client sees of them.
 */
package org.hsmpool.pool.keys;
