package org.hsmpool.pool.api;

/**
 * A request body of the wire, read by {@link RequestBodyReader}: a record whose members are bound
 * by {@link StrictJson} and checked by Bean Validation.
 */
public interface WireRequest {
}
