package org.hsmpool.bench.core;

/** Something the load generator drives: one side (raw token or pool) prepared for one operation. */
public interface Target {

    /** One call of an operation; thread-safe; throws when the call failed. */
    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    /** Prepare the operation (keys, inputs) and return the call that performs it once. */
    Call prepare(Operation op) throws Exception;
}
