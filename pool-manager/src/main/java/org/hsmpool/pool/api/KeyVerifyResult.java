package org.hsmpool.pool.api;

/** The answer of verify (KeyVerifyResult): {@code {"value": true|false}}, nothing else. */
public record KeyVerifyResult(boolean value) {
}
