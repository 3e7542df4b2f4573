package org.hsmpool.sd;

import static org.hsmpool.sd.SecurityDomainException.Reason.INVALID_ARGUMENT;

import com.nimbusds.jose.util.X509CertUtils;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The {@code x5t#S256} of a certificate (RFC 7515 section 4.1.8): unpadded base64url of the SHA-256
 * of its DER encoding. Names administrators and transfer keys everywhere in this library.
 */
public record Thumbprint(String value) {

    public static final int BYTES = 32;

    public Thumbprint {
        Base64Url.decode(value, BYTES, "x5t#S256", INVALID_ARGUMENT);
    }

    public static Thumbprint of(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        return new Thumbprint(X509CertUtils.computeSHA256Thumbprint(certificate).toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
