package org.hsmpool.pool.api;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hsmpool.pool.keys.NewKey;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * The body of {@code POST /keys/{name}/create} (KeyCreateParameters). Read-only attributes and
 * members this pool does not know (e.g. {@code release_policy}) are ignored, as Key Vault ignores
 * what it does not use.
 *
 * @param alg AKP keys only, and required there; ignored for the other types (where the SDKs may send
 *            a JWA name), so it is a string checked by {@link #toNewKey}
 */
public record KeyCreateParameters(
        @NotNull(message = "is required") Vocabulary.JsonWebKeyType kty,
        @JsonProperty("key_size") Integer keySize,
        Vocabulary.JsonWebKeyCurveName crv,
        @JsonProperty("public_exponent") Integer publicExponent,
        @JsonProperty("key_ops") List<Vocabulary.JsonWebKeyOperation> keyOps,
        @Valid WritableKeyAttributes attributes,
        Map<String, String> tags,
        @Schema(description = "AKP keys only, and required there: ML-DSA-44, ML-DSA-65 or ML-DSA-87") String alg) {

    NewKey toNewKey() {
        return new NewKey(kty.wire(), keySize, Vocabulary.wire(crv), publicExponent, Vocabulary.wires(keyOps),
                WritableKeyAttributes.enabled(attributes), WritableKeyAttributes.notBefore(attributes),
                WritableKeyAttributes.expires(attributes), tags, kty.isAkp() ? mlDsa("alg", alg) : null);
    }

    /**
     * An AKP key's parameter set: which enumeration applies depends on {@code kty}, which Bean
     * Validation's per-member constraints cannot say, so it is checked here.
     */
    static String mlDsa(String path, String alg) {
        if (alg == null) {
            throw KeyVaultException.badParameter(path + " is required");
        }
        List<String> allowed = Vocabulary.wires(List.of(Vocabulary.MlDsa.values()));
        if (!allowed.contains(alg)) {
            throw KeyVaultException.badParameter(path + " must be one of: " + String.join(", ", allowed));
        }
        return alg;
    }
}
