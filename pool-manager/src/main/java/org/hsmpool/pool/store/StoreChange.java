package org.hsmpool.pool.store;

/**
 * A group of values a manager keeps in memory ({@link CachingPoolStore}) that a write may change. Every
 * such write counts up {@code store_changes.version} in its own transaction and, on PostgreSQL,
 * notifies the other managers with {@code <schema>:<group>:<new version>} ({@link ChangeFeed}).
 */
public enum StoreChange {
    /** The pool row: state, security domain. */
    POOL,
    /** Key versions, their attributes, soft delete, recover, purge. */
    KEYS,
    /** Role assignments and custom role definitions. */
    RBAC;

    /** The PostgreSQL notification channel. */
    static final String CHANNEL = "hsmpool_store_changes";

    /** Count the change in the writing transaction; notify other managers at its commit (PostgreSQL). */
    void record(java.sql.Connection c, Dialect dialect) throws java.sql.SQLException {
        Rows.update(c, "UPDATE store_changes SET version = version + 1 WHERE id = 1");
        if (dialect == Dialect.POSTGRESQL) {
            // the schema names the store: channels are per database, and a database may hold several
            Rows.first(c, "SELECT pg_notify(?, current_schema() || ? || version) FROM store_changes WHERE id = 1",
                    row -> true, CHANNEL, ":" + name() + ":");
        }
    }
}
