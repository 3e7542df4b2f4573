/**
 * One leader for the pool's background work (rotation by policy, purge when retention ends, the
 * audit head, catch-up and node admission): {@link org.hsmpool.pool.leader.Leadership} says whether
 * this manager leads and runs a job fenced by its epoch; {@code PostgresLease} takes it with an
 * advisory lock when several managers share a PostgreSQL store, {@code SoleManager} on a SQLite file.
 * See docs/store.md, "Leader lease".
 */
package org.hsmpool.pool.leader;
