package org.hsmpool.pool.store;

/** Life-cycle state of the pool (DESIGN.md, flows 1, 2 and 6). The names are the wire names. */
public enum PoolState {
    /** Provisioned; only the security-domain download is allowed. */
    NotActivated,
    /** A security-domain download is in progress. */
    Activating,
    /** The pool holds a security domain and serves keys. */
    Activated,
    /** A security-domain upload (restore) is in progress. */
    Restoring
}
