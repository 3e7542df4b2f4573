/**
 * The pool side: a local pool of N nodes started and stopped with the cli's own {@code hsmpool up
 * --demo} and {@code hsmpool down} ({@link org.hsmpool.bench.pool.LocalPoolProcess}, over the test harness's
 * {@code UpPool}, which reads {@code pool.json} for the cli's tests too), and the
 * operations as Key Vault REST calls over HTTPS with keep-alive connections, trusting the pool CA,
 * with the operator's bearer token ({@link org.hsmpool.bench.pool.PoolTarget}).
 */
package org.hsmpool.bench.pool;
