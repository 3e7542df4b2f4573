package org.hsmpool.pool.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hsmpool.pool.keys.ManagedKey;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A key version as Key Vault answers it (KeyBundle): the public {@code key} (JsonWebKey), its
 * {@code attributes} (times in Unix seconds), {@code tags} when there are any, and {@code managed}
 * only when true. Absent members are left out, never written as null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "key", "attributes", "tags", "managed" })
public record KeyBundle(JsonWebKey key, KeyAttributes attributes, Map<String, String> tags, Boolean managed) {

    /**
     * JsonWebKey with the public members only; Key Vault puts the key type with -HSM into {@code kty}.
     * An AKP (ML-DSA) key carries {@code alg} and {@code pub} (IETF COSE/JOSE ML-DSA draft).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({ "kid", "kty", "key_ops", "n", "e", "crv", "x", "y", "alg", "pub" })
    public record JsonWebKey(String kid, String kty, @JsonProperty("key_ops") List<String> keyOps, String n, String e,
            String crv, String x, String y, String alg, String pub) {
    }

    /** KeyAttributes: {@code enabled}, {@code nbf}, {@code exp}, {@code created}, {@code updated}, recovery. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({ "enabled", "nbf", "exp", "created", "updated", "recoveryLevel", "recoverableDays",
        "hsmPlatform", "attestation" })
    public record KeyAttributes(Boolean enabled, Long nbf, Long exp, Long created, Long updated, String recoveryLevel,
            Integer recoverableDays, String hsmPlatform, Attestation attestation) {
    }

    /**
     * {@code hsmPlatform} of a key the nodes hold in their own process rather than in a token (ML-DSA,
     * which SoftHSM2 2.6.1 cannot hold): sealed under the pool wrap key at rest, opened in the hsm-node
     * process for each signature. Keys in a token carry no {@code hsmPlatform}, as before.
     */
    public static final String NODE_PROCESS_PLATFORM = "hsmpool-node-process-sealed";

    /**
     * Key Vault's KeyAttestation (api-version 7.6): {@code certificatePemFile} (the attesting node's
     * certificate chain, PEM), {@code privateKeyAttestation} (a KeyAttestationDocument), base64url.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({ "certificatePemFile", "privateKeyAttestation", "publicKeyAttestation", "version" })
    public record Attestation(String certificatePemFile, String privateKeyAttestation, String publicKeyAttestation,
            String version) {
    }

    /** This bundle with {@code attestation} in its attributes. */
    KeyBundle withAttestation(Attestation attestation) {
        KeyAttributes a = attributes;
        return new KeyBundle(key, new KeyAttributes(a.enabled(), a.nbf(), a.exp(), a.created(), a.updated(),
                a.recoveryLevel(), a.recoverableDays(), a.hsmPlatform(), attestation), tags, managed);
    }

    static KeyBundle of(ManagedKey key, String kid) {
        Map<String, Object> jwk = key.jwk() == null ? Map.of() : key.jwk();
        String kty = key.keyType() != null ? key.keyType() : member(jwk, "kty");
        JsonWebKey webKey = new JsonWebKey(kid, kty, key.keyOps() == null ? null : List.copyOf(key.keyOps()),
                member(jwk, "n"), member(jwk, "e"), member(jwk, "crv"), member(jwk, "x"), member(jwk, "y"),
                member(jwk, "alg"), member(jwk, "pub"));
        KeyAttributes attributes = new KeyAttributes(key.enabled(), seconds(key.notBefore()), seconds(key.expires()),
                seconds(key.created()), seconds(key.updated()), key.recoveryLevel(),
                key.recoverableDays() > 0 ? key.recoverableDays() : null,
                "AKP-HSM".equals(kty) ? NODE_PROCESS_PLATFORM : null, null);
        Map<String, String> tags = key.tags() == null || key.tags().isEmpty() ? null : Map.copyOf(key.tags());
        return new KeyBundle(webKey, attributes, tags, key.managed() ? Boolean.TRUE : null);
    }

    /** A public member of the stored JWK, only if it is a string: anything else (and private members) is not shown. */
    private static String member(Map<String, Object> jwk, String name) {
        return jwk.get(name) instanceof String s ? s : null;
    }

    private static Long seconds(Instant time) {
        return time == null ? null : time.getEpochSecond();
    }
}
