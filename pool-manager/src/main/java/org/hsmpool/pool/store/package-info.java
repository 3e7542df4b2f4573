/**
 * The pool store: everything the pool manager must not forget, behind one interface,
 * {@link org.hsmpool.pool.store.PoolStore}, with one JDBC implementation,
 * {@link org.hsmpool.pool.store.JdbcPoolStore}, for SQLite (embedded default, see
 * {@link org.hsmpool.pool.store.SqliteFile}) and PostgreSQL (same schema, later).
 *
 * <p>What lives here: the records that cross the interface, the transaction runner
 * ({@code Transactions}), one {@code *Rows} class of plain prepared-statement SQL per table group,
 * the Flyway migration ({@code SchemaMigration}, scripts in {@code db/migration}), and the one
 * error type, {@link org.hsmpool.pool.store.StoreException}. What does not: rules of the key life
 * cycle (retention, PATCH merging, who may do what) belong to {@code keys} and {@code rbac}; the
 * store checks shapes and keeps its own invariants (log and tables agree, numbering has no gaps,
 * compare-and-set state changes).
 *
 * <p>The store never sees a plaintext key: key versions arrive sealed under the pool wrap key by a
 * node, and the store keeps those bytes opaque. docs/store.md describes the schema, the
 * transaction rules and the durability settings.
 */
package org.hsmpool.pool.store;
