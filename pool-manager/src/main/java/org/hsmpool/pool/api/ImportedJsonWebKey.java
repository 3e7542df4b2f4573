package org.hsmpool.pool.api;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Null;

/**
 * The JsonWebKey of an import, with its private members (base64url): RSA {@code n e d p q dp dq qi},
 * EC {@code crv x y d}, oct {@code k}, AKP {@code alg pub priv}. A {@code key_hsm} transfer blob (BYOK
 * from another HSM vendor) is refused: this pool has no key exchange key for one. Which members a
 * type needs is the key service's to check.
 */
public record ImportedJsonWebKey(
        @NotNull(message = "is required") Vocabulary.JsonWebKeyType kty,
        Vocabulary.JsonWebKeyCurveName crv,
        @JsonProperty("key_ops") List<Vocabulary.JsonWebKeyOperation> keyOps,
        String alg,
        @Null(message = "(a BYOK transfer blob) is not supported by this pool: import the key's JWK members over "
                + "TLS instead") @JsonProperty("key_hsm") String keyHsm,
        @JsonDeserialize(using = Base64Url.Reader.class) byte[] n,
        @JsonDeserialize(using = Base64Url.Reader.class) byte[] e,
        @JsonDeserialize(using = Base64Url.Reader.class) byte[] d,
        @JsonDeserialize(using = Base64Url.Reader.class) byte[] dp,
        @JsonDeserialize(using = Base64Url.Reader.class) byte[] dq,
        @JsonDeserialize(using = Base64Url.Reader.class) byte[] qi,
        @JsonDeserialize(using = Base64Url.Reader.class) byte[] p,
        @JsonDeserialize(using = Base64Url.Reader.class) byte[] q,
        @JsonDeserialize(using = Base64Url.Reader.class) byte[] x,
        @JsonDeserialize(using = Base64Url.Reader.class) byte[] y,
        @JsonDeserialize(using = Base64Url.Reader.class) byte[] k,
        @JsonDeserialize(using = Base64Url.Reader.class) byte[] pub,
        @JsonDeserialize(using = Base64Url.Reader.class) byte[] priv) {

    /** The binary members present, by their JWK names, in the order of this record. */
    Map<String, byte[]> binaryMembers() {
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (RecordComponent component : ImportedJsonWebKey.class.getRecordComponents()) {
            if (component.getType() == byte[].class) {
                byte[] value = (byte[]) read(component);
                if (value != null) {
                    members.put(component.getName(), value);
                }
            }
        }
        return members;
    }

    private Object read(RecordComponent component) {
        try {
            return component.getAccessor().invoke(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("a record accessor of ImportedJsonWebKey", e);
        }
    }
}
