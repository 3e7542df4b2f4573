package org.hsmpool.pool.store;

/**
 * The one error of the store. {@link #code()} is stable and meant for callers to map (the REST
 * mapper turns {@code NOT_FOUND} into 404 {@code KeyNotFound}, {@code NAME_DELETED} and
 * {@code CONFLICT} into 409, and so on); the message is for people. Neither ever contains key
 * material: the store only ever holds sealed blobs, and messages never quote them.
 */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Stable codes; add new ones at the end, never rename. */
    public enum Code {
        /** A caller passed a value the store refuses: a malformed name, id, token, limit or size. */
        INVALID_ARGUMENT,
        /** The thing asked for is not there (or not in the view asked for: live vs deleted). */
        NOT_FOUND,
        /** The thing to create is already there (same id, same name, same assignment). */
        CONFLICT,
        /** A key version id that was purged from this pool: a tombstone refuses it for good. */
        PURGED,
        /** A key name is soft-deleted: it cannot be reused until it is recovered or purged. */
        NAME_DELETED,
        /** A compare-and-set found another state than the expected one. */
        STATE_MISMATCH,
        /** The database is busy or unreachable; the operation did not happen and may be retried. */
        UNAVAILABLE,
        /** The database is not set up for durable writes (journal mode, synchronous, foreign keys). */
        MISCONFIGURED,
        /** A schema migration failed; the store refuses to open. */
        MIGRATION_FAILED,
        /** Anything else the database reported; the transaction was rolled back. */
        FAILURE,
        /**
         * A leader-only write of a leader whose epoch another manager has superseded
         * ({@link LeaderFence}); nothing was written.
         */
        FENCED
    }

    private final Code code;

    public StoreException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public StoreException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }

    static StoreException invalid(String message) {
        return new StoreException(Code.INVALID_ARGUMENT, message);
    }

    static StoreException notFound(String message) {
        return new StoreException(Code.NOT_FOUND, message);
    }

    static StoreException conflict(String message) {
        return new StoreException(Code.CONFLICT, message);
    }

    @Override
    public String toString() {
        return "StoreException[" + code + "]: " + getMessage();
    }
}
