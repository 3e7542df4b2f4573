package org.hsmpool.nodeapi.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The pool's certificate authority (EC P-256). It issues TLS identities for nodes and the manager;
 * every node trusts only this CA. Created at provisioning; its key stays with the operator.
 */
public final class PoolCa {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;

    /** A certificate and its private key, issued by the pool CA. */
    public record Issued(PoolIdentity identity, X509Certificate certificate, PrivateKey key,
            X509Certificate caCertificate) {

        /** Write {@code <name>.crt} (leaf then CA), {@code <name>.key} (0600) into a directory. */
        public void writeTo(Path dir, String baseName) throws IOException {
            Files.createDirectories(dir);
            Pem.writeCertificates(dir.resolve(baseName + ".crt"), List.of(certificate, caCertificate));
            Pem.writePrivateKey(dir.resolve(baseName + ".key"), key);
        }
    }

    private PoolCa(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    public static PoolCa create(String poolName, Duration validity) {
        try {
            KeyPair pair = ecKeyPair();
            X500Name name = new X500Name("CN=hsmpool CA " + poolName);
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minusSeconds(300)), Date.from(now.plus(validity)), name, pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new PoolCa(sign(b, pair.getPrivate()), pair.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create the pool CA: " + e.getMessage(), e);
        }
    }

    public static PoolCa load(Path certificatePem, Path keyPem) throws IOException {
        return new PoolCa(Pem.readCertificates(certificatePem).get(0), Pem.readPrivateKey(keyPem));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Write {@code ca.crt} and {@code ca.key} (0600). */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Pem.writeCertificates(dir.resolve("ca.crt"), List.of(certificate));
        Pem.writePrivateKey(dir.resolve("ca.key"), key);
    }

    /**
     * Issue a TLS identity usable as both server and client (nodes serve the manager and are
     * clients of nothing else; the manager is a client of the nodes and serves applications).
     */
    public Issued issue(PoolIdentity identity, List<String> hostNames, Duration validity) {
        try {
            KeyPair pair = ecKeyPair();
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minusSeconds(300)), Date.from(now.plus(validity)),
                    new X500Name("CN=" + identity.name() + ",OU=" + identity.role().name().toLowerCase()
                            + ",O=hsmpool"),
                    pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            List<GeneralName> names = new ArrayList<>();
            names.add(new GeneralName(GeneralName.uniformResourceIdentifier, identity.uri()));
            for (String host : hostNames) {
                if (host.matches("[0-9.]+") || host.contains(":")) {
                    names.add(new GeneralName(GeneralName.iPAddress, InetAddress.getByName(host).getHostAddress()));
                } else {
                    names.add(new GeneralName(GeneralName.dNSName, host));
                }
            }
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(new GeneralName[0])));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new Issued(identity, sign(b, key), pair.getPrivate(), certificate);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + identity.uri() + ": " + e.getMessage(),
                    e);
        }
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            ContentSigner s = new JcaContentSignerBuilder("SHA256withECDSA").build(signer);
            return new JcaX509CertificateConverter().getCertificate(b.build(s));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
