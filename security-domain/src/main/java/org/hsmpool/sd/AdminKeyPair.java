package org.hsmpool.sd;

import static org.hsmpool.sd.SecurityDomainException.Reason.CRYPTO_FAILURE;
import static org.hsmpool.sd.SecurityDomainException.Reason.INVALID_KEY_FILE;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An administrator's RSA-3072 key pair and its self-signed certificate, as {@code hsmpool sd
 * admin-keygen} makes them. The certificate goes to the pool at activation; the private key stays
 * on the administrator's machine, in a passphrase-encrypted file.
 */
public record AdminKeyPair(PrivateKey privateKey, X509Certificate certificate) {

    public static final int RSA_BITS = 3072;
    public static final Duration VALIDITY = Duration.ofDays(3 * 365);

    public AdminKeyPair {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
        if (!(privateKey instanceof RSAPrivateCrtKey crt) || !(certificate.getPublicKey() instanceof RSAPublicKey pub)
                || !crt.getModulus().equals(pub.getModulus()) || !crt.getPublicExponent().equals(pub.getPublicExponent())) {
            throw new SecurityDomainException(INVALID_KEY_FILE, "the private key does not belong to the certificate");
        }
    }

    public static AdminKeyPair generate(String commonName, Instant now, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(RSA_BITS, BigInteger.valueOf(65537)), random);
            KeyPair keyPair = generator.generateKeyPair();
            return new AdminKeyPair(keyPair.getPrivate(),
                    SelfSignedCertificate.issue(keyPair, commonName, now, VALIDITY));
        } catch (GeneralSecurityException e) {
            throw new SecurityDomainException(CRYPTO_FAILURE, "could not generate an RSA key pair", e);
        }
    }

    /** Reads a pair back from its two PEM files; the key must belong to the certificate. */
    public static AdminKeyPair read(String certificatePem, String privateKeyPem, char[] passphrase) {
        return new AdminKeyPair(Pem.readEncryptedPrivateKey(privateKeyPem, passphrase), Pem.readCertificate(certificatePem));
    }

    public Thumbprint thumbprint() {
        return Thumbprint.of(certificate);
    }

    public String certificatePem() {
        return Pem.certificate(certificate);
    }

    public String privateKeyPem(char[] passphrase) {
        return Pem.encryptedPrivateKey(privateKey, passphrase);
    }

    @Override
    public String toString() {
        return "AdminKeyPair[" + certificate.getSubjectX500Principal().getName() + ", x5t#S256=" + thumbprint() + "]";
    }
}
