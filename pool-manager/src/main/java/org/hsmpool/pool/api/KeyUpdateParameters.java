package org.hsmpool.pool.api;

import java.util.List;
import java.util.Map;

import org.hsmpool.pool.keys.KeyService;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.Valid;

/**
 * The body of {@code PATCH /keys/{name}/{version}} (KeyUpdateParameters): {@code key_ops},
 * {@code attributes} ({@code enabled}, {@code nbf}, {@code exp}) and {@code tags}. What is absent
 * stays as it is; an empty {@code key_ops} too, as on Key Vault. Read-only attributes and members
 * this pool does not use ({@code release_policy}) are ignored.
 */
public record KeyUpdateParameters(
        @JsonProperty("key_ops") List<Vocabulary.JsonWebKeyOperation> keyOps,
        @Valid WritableKeyAttributes attributes,
        Map<String, String> tags) {

    KeyService.KeyUpdate toKeyUpdate() {
        return new KeyService.KeyUpdate(Vocabulary.wires(keyOps), WritableKeyAttributes.enabled(attributes),
                WritableKeyAttributes.notBefore(attributes), WritableKeyAttributes.expires(attributes), tags);
    }
}
