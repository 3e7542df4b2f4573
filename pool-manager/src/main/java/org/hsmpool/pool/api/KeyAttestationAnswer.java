package org.hsmpool.pool.api;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;

import org.hsmpool.pool.keys.KeyEvidence;

import jakarta.ws.rs.core.UriInfo;

/**
 * A key version's attestation as Key Vault answers it: the KeyBundle with
 * {@code attributes.attestation} = {certificatePemFile: the attesting node's chain as PEM,
 * privateKeyAttestation: the node's KeyAttestationDocument, version "1.0"}, both base64url.
 * There is no separate public-key attestation: the document names the public key by its JWK
 * thumbprint.
 */
final class KeyAttestationAnswer {
    static final String VERSION = "1.0";
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private KeyAttestationAnswer() {
    }

    static KeyBundle of(KeyEvidence evidence, UriInfo uri) {
        StringBuilder pem = new StringBuilder();
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            for (byte[] der : evidence.certificateChain()) {
                f.generateCertificate(new ByteArrayInputStream(der)); // a node sent it: only well-formed ones pass on
                pem.append("-----BEGIN CERTIFICATE-----\n")
                        .append(Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der))
                        .append("\n-----END CERTIFICATE-----\n");
            }
        } catch (CertificateException e) {
            throw new IllegalStateException("the node's certificate chain does not parse", e);
        }
        return KeysResource.bundle(evidence.key(), uri).withAttestation(new KeyBundle.Attestation(
                B64URL.encodeToString(pem.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                B64URL.encodeToString(evidence.document()), null, VERSION));
    }
}
