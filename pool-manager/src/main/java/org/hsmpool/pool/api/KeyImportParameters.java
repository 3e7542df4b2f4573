package org.hsmpool.pool.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.pool.keys.ImportedKey;

/**
 * The body of {@code PUT /keys/{name}} (KeyImportParameters): {@code key} (a JsonWebKey with its
 * private members), {@code Hsm} (ignored: every key of a pool lives in an HSM), {@code attributes}
 * and {@code tags}. A {@code key_hsm} transfer blob (BYOK from another HSM vendor) is refused: this
 * pool has no key exchange key for one. Members are base64url; errors never repeat their values.
 */
final class KeyImportParameters {
    private static final List<String> BINARY = List.of("n", "e", "d", "dp", "dq", "qi", "p", "q", "x", "y", "k", "pub",
            "priv");

    private KeyImportParameters() {
    }

    static ImportedKey read(JsonBody body) {
        JsonBody key = body.optionalObject("key");
        if (key == null) {
            throw KeyVaultException.badParameter("key is required: the JsonWebKey to import");
        }
        body.optionalBoolean("Hsm");
        String kty = key.requiredOneOf("kty", Vocabulary.KEY_TYPES);
        if (key.optionalString("key_hsm") != null) {
            throw KeyVaultException.badParameter("key.key_hsm (a BYOK transfer blob) is not supported by this pool: "
                    + "import the key's JWK members over TLS instead");
        }
        String crv = key.optionalOneOf("crv", Vocabulary.CURVES);
        var keyOps = key.optionalListOf("key_ops", Vocabulary.KEY_OPERATIONS);
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (String member : BINARY) {
            byte[] value = key.optionalBytes(member);
            if (value != null) {
                members.put(member, value);
            }
        }
        var tags = body.optionalStringMap("tags");
        JsonBody attributes = body.optionalObject("attributes");
        Boolean enabled = attributes == null ? null : attributes.optionalBoolean("enabled");
        var notBefore = attributes == null ? null : attributes.optionalUnixTime("nbf");
        var expires = attributes == null ? null : attributes.optionalUnixTime("exp");
        String alg = kty.startsWith("AKP") ? key.requiredOneOf("alg", Vocabulary.ML_DSA) : null;
        return new ImportedKey(kty, crv, members, keyOps, enabled, notBefore, expires, tags, alg);
    }
}
