package org.hsmpool.pool.api;

import org.hsmpool.pool.keys.NewKey;

/**
 * The body of {@code POST /keys/{name}/create} (KeyCreateParameters): {@code kty}, {@code key_size},
 * {@code crv}, {@code public_exponent}, {@code alg} (AKP keys only: ML-DSA-44, ML-DSA-65 or ML-DSA-87), {@code key_ops}, {@code attributes} ({@code enabled},
 * {@code nbf}, {@code exp}) and {@code tags}. Read-only attributes ({@code created},
 * {@code recoveryLevel}, ...) and members this pool does not know (e.g. {@code release_policy}) are
 * ignored, as Key Vault ignores what it does not use.
 */
final class KeyCreateParameters {
    private KeyCreateParameters() {
    }

    static NewKey read(JsonBody body) {
        String kty = body.requiredOneOf("kty", Vocabulary.KEY_TYPES);
        Integer size = body.optionalInt("key_size");
        Integer publicExponent = body.optionalInt("public_exponent");
        var keyOps = body.optionalListOf("key_ops", Vocabulary.KEY_OPERATIONS);
        String curve = body.optionalOneOf("crv", Vocabulary.CURVES);
        var tags = body.optionalStringMap("tags");
        JsonBody attributes = body.optionalObject("attributes");
        Boolean enabled = attributes == null ? null : attributes.optionalBoolean("enabled");
        var notBefore = attributes == null ? null : attributes.optionalUnixTime("nbf");
        var expires = attributes == null ? null : attributes.optionalUnixTime("exp");
        String alg = kty.startsWith("AKP") ? body.requiredOneOf("alg", Vocabulary.ML_DSA) : null;
        return new NewKey(kty, size, curve, publicExponent, keyOps, enabled, notBefore, expires, tags, alg);
    }
}
