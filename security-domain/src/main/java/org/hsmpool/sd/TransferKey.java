package org.hsmpool.sd;

import static org.hsmpool.sd.SecurityDomainException.Reason.INVALID_TRANSFER_KEY;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.List;
import java.util.Objects;

/**
 * A node's transfer key as the outside sees it: the public half of an RSA key pair whose private
 * half stays in the node's token, in a certificate self-signed by that private half (so whoever
 * made it held the key), named by the certificate's {@code x5t#S256}. Travels as a JWK with
 * {@code x5c} and {@code x5t#S256}.
 */
public record TransferKey(X509Certificate certificate, RSAPublicKey publicKey, Thumbprint thumbprint) {

    public TransferKey {
        Objects.requireNonNull(certificate, "certificate");
        RSAPublicKey certKey = Limits.requireRsa(certificate.getPublicKey(), "the transfer key certificate",
                INVALID_TRANSFER_KEY);
        if (publicKey == null || !publicKey.getModulus().equals(certKey.getModulus())
                || !publicKey.getPublicExponent().equals(certKey.getPublicExponent())) {
            throw invalid("the JWK's public key is not the key of its x5c certificate");
        }
        if (!Thumbprint.of(certificate).equals(thumbprint)) {
            throw invalid("x5t#S256 is not the SHA-256 thumbprint of the x5c certificate");
        }
        try {
            certificate.verify(certKey);
        } catch (GeneralSecurityException e) {
            throw new SecurityDomainException(INVALID_TRANSFER_KEY,
                    "the x5c certificate is not self-signed by the transfer key", e);
        }
    }

    /** The transfer key of a certificate that a node self-signed with the key's private half. */
    public static TransferKey of(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        if (!(certificate.getPublicKey() instanceof RSAPublicKey key)) {
            throw invalid("the transfer key must be RSA");
        }
        return new TransferKey(certificate, key, Thumbprint.of(certificate));
    }

    /**
     * Parses and checks a transfer key JWK: RSA, public only, one self-signed certificate in
     * {@code x5c}, {@code x5t#S256} its thumbprint, the JWK's key the certificate's key, {@code use}
     * and {@code alg} absent or {@code enc} and {@code RSA-OAEP-256}.
     */
    public static TransferKey parse(String jwkJson) {
        JWK jwk;
        try {
            jwk = JWK.parse(Objects.requireNonNull(jwkJson, "jwkJson"));
        } catch (ParseException e) {
            throw new SecurityDomainException(INVALID_TRANSFER_KEY, "not a valid JWK: " + e.getMessage(), e);
        }
        if (!(jwk instanceof RSAKey rsa)) {
            throw invalid("kty must be RSA, got " + jwk.getKeyType());
        }
        if (rsa.isPrivate()) {
            throw invalid("the JWK must hold only the public key");
        }
        if (rsa.getKeyUse() != null && !KeyUse.ENCRYPTION.equals(rsa.getKeyUse())) {
            throw invalid("use must be enc, got " + rsa.getKeyUse().identifier());
        }
        if (rsa.getAlgorithm() != null && !JWEAlgorithm.RSA_OAEP_256.equals(rsa.getAlgorithm())) {
            throw invalid("alg must be RSA-OAEP-256, got " + rsa.getAlgorithm());
        }
        List<X509Certificate> chain = rsa.getParsedX509CertChain();
        if (chain == null || chain.size() != 1) {
            throw invalid("x5c must hold exactly one self-signed certificate");
        }
        if (rsa.getX509CertSHA256Thumbprint() == null) {
            throw invalid("x5t#S256 is missing");
        }
        Thumbprint claimed;
        try {
            claimed = new Thumbprint(rsa.getX509CertSHA256Thumbprint().toString());
        } catch (SecurityDomainException e) {
            throw invalid(e.getMessage());
        }
        try {
            return new TransferKey(chain.get(0), rsa.toRSAPublicKey(), claimed);
        } catch (JOSEException e) {
            throw new SecurityDomainException(INVALID_TRANSFER_KEY, "the JWK's RSA key is invalid", e);
        }
    }

    /** The JWK for {@code GET /securitydomain/upload}: {@code kid} is the thumbprint, {@code use} enc. */
    public String toJwkJson() {
        try {
            return new RSAKey.Builder(publicKey)
                    .keyUse(KeyUse.ENCRYPTION)
                    .algorithm(JWEAlgorithm.RSA_OAEP_256)
                    .keyID(thumbprint.value())
                    .x509CertChain(List.of(Base64.encode(certificate.getEncoded())))
                    .x509CertSHA256Thumbprint(new Base64URL(thumbprint.value()))
                    .build()
                    .toJSONString();
        } catch (CertificateEncodingException e) {
            throw new SecurityDomainException(INVALID_TRANSFER_KEY, "cannot encode the certificate", e);
        }
    }

    private static SecurityDomainException invalid(String problem) {
        return new SecurityDomainException(INVALID_TRANSFER_KEY, "transfer key: " + problem);
    }
}
