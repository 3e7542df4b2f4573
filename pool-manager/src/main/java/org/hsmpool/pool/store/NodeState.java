package org.hsmpool.pool.store;

/** What the pool manager knows of one hsm-node; only {@code HEALTHY} nodes take traffic. */
public enum NodeState {
    /** Registered; has not yet received the domain keys. */
    JOINING,
    /** Holds the domain keys and is replaying the replication log. */
    CATCHING_UP,
    /** Caught up and answering probes. */
    HEALTHY,
    /** Taken out of rotation after failed probes or calls; re-admitted only after catching up. */
    EJECTED
}
