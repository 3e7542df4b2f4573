package org.hsmpool.pool.api;

import org.hsmpool.pool.keys.KeyService;

/**
 * The body of {@code PATCH /keys/{name}/{version}} (KeyUpdateParameters): {@code key_ops},
 * {@code attributes} ({@code enabled}, {@code nbf}, {@code exp}) and {@code tags}. What is absent
 * stays as it is; an empty {@code key_ops} too, as on Key Vault. Read-only attributes and members
 * this pool does not use ({@code release_policy}) are ignored.
 */
final class KeyUpdateParameters {
    private KeyUpdateParameters() {
    }

    static KeyService.KeyUpdate read(JsonBody body) {
        var keyOps = body.optionalListOf("key_ops", Vocabulary.KEY_OPERATIONS);
        var tags = body.optionalStringMap("tags");
        JsonBody attributes = body.optionalObject("attributes");
        Boolean enabled = attributes == null ? null : attributes.optionalBoolean("enabled");
        var notBefore = attributes == null ? null : attributes.optionalUnixTime("nbf");
        var expires = attributes == null ? null : attributes.optionalUnixTime("exp");
        return new KeyService.KeyUpdate(keyOps, enabled, notBefore, expires, tags);
    }
}
