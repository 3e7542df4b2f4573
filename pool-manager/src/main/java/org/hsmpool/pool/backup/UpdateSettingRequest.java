package org.hsmpool.pool.backup;

/** The body of {@code PATCH /settings/{name}} (UpdateSettingRequest): the new {@code value}, a string. */
public record UpdateSettingRequest(String value) {
}
