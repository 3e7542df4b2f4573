package org.hsmpool.sd;

import static org.hsmpool.sd.SecurityDomainException.Reason.CRYPTO_FAILURE;
import static org.hsmpool.sd.SecurityDomainException.Reason.INVALID_ARGUMENT;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed X.509 certificates (SHA256withRSA, by Bouncy Castle) for the two RSA keys a security
 * domain is encrypted to: administrator keys and node transfer keys. The signing key may live in a
 * token: pass its JCA provider (e.g. SunPKCS11) and the signature is made there.
 */
public final class SelfSignedCertificate {

    private static final SecureRandom SERIALS = new SecureRandom();

    private SelfSignedCertificate() {
    }

    public static X509Certificate issue(KeyPair keyPair, String commonName, Instant notBefore, Duration validity) {
        return issue(keyPair.getPublic(), keyPair.getPrivate(), null, commonName, notBefore, validity);
    }

    /**
     * Issues a certificate for {@code publicKey} signed by its own private half {@code signingKey},
     * through {@code signingProvider} ({@code null} for the JDK's default).
     */
    public static X509Certificate issue(PublicKey publicKey, PrivateKey signingKey, Provider signingProvider,
            String commonName, Instant notBefore, Duration validity) {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(signingKey, "signingKey");
        if (commonName == null || commonName.isBlank() || validity == null || validity.isNegative() || validity.isZero()) {
            throw new SecurityDomainException(INVALID_ARGUMENT, "a certificate needs a common name and a positive validity");
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(127, SERIALS).add(BigInteger.ONE), Date.from(notBefore),
                    Date.from(notBefore.plus(validity)), subject, publicKey);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyEncipherment | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(publicKey));
            JcaContentSignerBuilder signerBuilder = new JcaContentSignerBuilder("SHA256withRSA");
            if (signingProvider != null) {
                signerBuilder.setProvider(signingProvider);
            }
            ContentSigner signer = signerBuilder.build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (CertIOException | OperatorCreationException | CertificateException | NoSuchAlgorithmException e) {
            throw new SecurityDomainException(CRYPTO_FAILURE, "could not issue a certificate for " + commonName, e);
        }
    }
}
