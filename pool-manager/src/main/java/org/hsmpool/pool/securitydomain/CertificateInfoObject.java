package org.hsmpool.pool.securitydomain;

import java.util.List;

import org.hsmpool.pool.api.Expected;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /securitydomain/download} (Managed HSM's CertificateInfoObject): the
 * administrators' certificates as JWKs and the quorum {@code required}. Of a JWK only {@code x5c}
 * is read (its first certificate); the other members that {@code az keyvault security-domain
 * download} sends ({@code kty}, {@code n}, {@code e}, {@code kid}, {@code x5t#S256}, ...) are
 * ignored, as Azure ignores what it does not use. That {@code required} is at most the number of
 * certificates is checked by the resource.
 */
public record CertificateInfoObject(
        @NotNull(message = CERTIFICATES) @Size(min = 3, max = 10, message = CERTIFICATES)
        @Expected(CERTIFICATES_ARE) List<@Valid SecurityDomainJsonWebKey> certificates,
        @NotNull(message = REQUIRED) @Min(value = 2, message = REQUIRED) @Expected(REQUIRED_IS) Integer required) {
    static final String CERTIFICATES_ARE = "an array of 3 to 10 JWKs with x5c";
    static final String REQUIRED_IS = "a number from 2 to the number of certificates";
    private static final String CERTIFICATES = "must be " + CERTIFICATES_ARE;
    private static final String REQUIRED = "must be " + REQUIRED_IS;

    /** SecurityDomainJsonWebKey: an administrator's certificate, the first of {@code x5c} (base64 DER). */
    public record SecurityDomainJsonWebKey(
            @NotEmpty(message = X5C) @Expected(X5C_IS) List<String> x5c) {
        static final String X5C_IS = "an array of base64 DER certificates, the administrator's first";
        private static final String X5C = "is required: " + X5C_IS;
    }
}
