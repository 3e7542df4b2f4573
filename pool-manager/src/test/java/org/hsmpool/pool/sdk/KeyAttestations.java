package org.hsmpool.pool.sdk;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.hsmpool.nodeapi.pki.JwkThumbprint;
import org.hsmpool.nodeapi.pki.KeyAttestationDocument;

import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyAttestation;

/** Verifies what the official SDK hands back as a key attestation, with the test pool's CA only. */
final class KeyAttestations {
    private KeyAttestations() {
    }

    static KeyAttestationDocument.Verified verify(KeyAttestation a, SdkPool pool) throws Exception {
        return KeyAttestationDocument.parse(a.getPrivateKeyAttestation()).verify(chain(a),
                List.of(pool.harness.pool.ca().certificate()));
    }

    static List<X509Certificate> chain(KeyAttestation a) throws Exception {
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        for (var c : f.generateCertificates(new ByteArrayInputStream(a.getCertificatePemFile()))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    /** RFC 7638 thumbprint of the key's public JWK, or null for a secret key. */
    static String thumbprint(JsonWebKey jwk) {
        if (jwk.getN() != null) {
            return JwkThumbprint.rsa(new BigInteger(1, jwk.getN()), new BigInteger(1, jwk.getE()));
        }
        if (jwk.getX() != null) {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            return JwkThumbprint.ec(jwk.getCurveName().toString(), b64.encodeToString(jwk.getX()),
                    b64.encodeToString(jwk.getY()));
        }
        return null;
    }
}
