package org.hsmpool.pool.store;

/**
 * What a replication log entry records. Stored by name: add new kinds at the end of the list,
 * never rename one (old entries keep their name forever).
 */
public enum LogKind {
    /** A key version was generated or imported; the entry names the version. */
    KEY_VERSION_CREATED,
    /** A key name was soft-deleted with all its versions. */
    KEY_DELETED,
    /** A soft-deleted key name was recovered. */
    KEY_RECOVERED,
    /** One version of a purged key is gone for good; nodes destroy it. One entry per version. */
    KEY_PURGED,
    /** Attributes, operations or tags of one version changed. */
    KEY_ATTRIBUTES_UPDATED
}
