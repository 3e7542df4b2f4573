package org.hsmpool.pool.api;

import java.util.List;
import java.util.Map;

import org.hsmpool.pool.keys.ImportedKey;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * The body of {@code PUT /keys/{name}} (KeyImportParameters): {@code key} (a JsonWebKey with its
 * private members), {@code Hsm} (ignored: every key of a pool lives in an HSM), {@code attributes}
 * and {@code tags}. Members are base64url; errors never repeat their values.
 */
public record KeyImportParameters(
        @NotNull(message = "is required: the JsonWebKey to import") @Valid ImportedJsonWebKey key,
        @JsonProperty("Hsm") Boolean hsm,
        @Valid WritableKeyAttributes attributes,
        Map<String, String> tags) {

    ImportedKey toImportedKey() {
        Map<String, byte[]> members = key.binaryMembers();
        String alg = key.kty().isAkp() ? KeyCreateParameters.mlDsa("key.alg", key.alg()) : null;
        return new ImportedKey(key.kty().wire(), Vocabulary.wire(key.crv()), members, Vocabulary.wires(key.keyOps()),
                WritableKeyAttributes.enabled(attributes), WritableKeyAttributes.notBefore(attributes),
                WritableKeyAttributes.expires(attributes), tags, alg);
    }
}
