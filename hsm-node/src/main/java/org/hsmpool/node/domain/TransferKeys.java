package org.hsmpool.node.domain;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.Optional;

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
import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.token.CipherMechanism;
import org.hsmpool.node.token.Extractability;
import org.hsmpool.node.token.KeySpec;
import org.hsmpool.node.token.ObjectId;
import org.hsmpool.node.token.PublicKeyMaterial;
import org.hsmpool.node.token.StoredKey;
import org.hsmpool.node.token.Token;
import org.hsmpool.sd.RawRsaDecryptor;
import org.hsmpool.sd.TransferKey;

/**
 * The node's transfer key for a security-domain restore: an RSA-3072 key pair generated in the
 * token, private half never extractable and allowed only to decrypt (raw RSA, under the library's
 * OAEP-SHA-256) and to sign (once, its own certificate). The certificate is self-signed in the
 * token and kept there beside the key, so the key's {@code x5t#S256}, to which the administrators
 * re-encrypt their shares, survives a restart. The key lives until a restore succeeds.
 */
public final class TransferKeys {
    public static final ObjectId TRANSFER_KEY = ObjectId.of("hsmpool.transfer");
    /** The drill key: the same kind of key, used only to open one administrator's share in a drill. */
    public static final ObjectId DRILL_KEY = ObjectId.of("hsmpool.drill");
    static final int BITS = 3072;
    static final Duration VALIDITY = Duration.ofDays(365);

    private final Token token;
    private final String nodeName;
    private final ObjectId object;
    private TransferKey current;

    /** The restore's transfer key. */
    public TransferKeys(Token token, String nodeName) {
        this(token, nodeName, TRANSFER_KEY);
    }

    /** A key of this kind under another token object, e.g. {@link #DRILL_KEY}. */
    public TransferKeys(Token token, String nodeName, ObjectId object) {
        this.token = token;
        this.nodeName = nodeName;
        this.object = object;
    }

    /** The transfer key, generated in the token on first use. */
    public synchronized TransferKey current() {
        Optional<TransferKey> existing = existing();
        if (existing.isPresent()) {
            return existing.get();
        }
        token.destroy(object); // a certificate or key left by a crash
        StoredKey key = token.generate(object, new KeySpec.Rsa(BITS),
                EnumSet.of(org.hsmpool.node.token.KeyUsage.DECRYPT, org.hsmpool.node.token.KeyUsage.SIGN),
                Extractability.NEVER);
        try {
            X509Certificate certificate = issue(publicKey((PublicKeyMaterial.Rsa) key.publicKey()));
            byte[] der = certificate.getEncoded();
            token.storeCertificate(object, der);
            current = TransferKey.of(certificate);
            return current;
        } catch (GeneralSecurityException | CertIOException e) {
            token.destroy(object);
            throw new NodeException(NodeException.Reason.TOKEN_ERROR,
                    "cannot certify the transfer key: " + e.getMessage());
        } catch (RuntimeException e) {
            token.destroy(object);
            throw e;
        }
    }

    /** The transfer key if this node has one; never creates one. */
    public synchronized Optional<TransferKey> existing() {
        if (current != null) {
            return Optional.of(current);
        }
        Optional<StoredKey> key = token.find(object);
        Optional<byte[]> der = key.isEmpty() ? Optional.empty()
                : token.certificate(object);
        if (key.isEmpty() || der.isEmpty()) {
            return Optional.empty();
        }
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der.get()));
            TransferKey transferKey = TransferKey.of(certificate);
            PublicKeyMaterial.Rsa material = (PublicKeyMaterial.Rsa) key.get().publicKey();
            if (!transferKey.publicKey().getModulus().equals(material.modulus())) {
                throw new NodeException(NodeException.Reason.TOKEN_ERROR,
                        "the certificate kept with the transfer key certifies another key");
            }
            current = transferKey;
            return Optional.of(current);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new NodeException(NodeException.Reason.TOKEN_ERROR,
                    "the certificate kept with the transfer key cannot be read");
        }
    }

    /** The private half as the library needs it: raw RSA (CKM_RSA_X_509) in the token. */
    public RawRsaDecryptor decryptor(TransferKey key) {
        int bits = key.publicKey().getModulus().bitLength();
        return new RawRsaDecryptor() {
            @Override
            public int modulusBits() {
                return bits;
            }

            @Override
            public byte[] rawDecrypt(byte[] c) {
                return token.decrypt(object, new CipherMechanism.RsaRaw(), c);
            }
        };
    }

    /** Destroy the transfer key and its certificate (after a successful restore). */
    public synchronized void retire() {
        current = null;
        token.destroy(object);
    }

    private X509Certificate issue(RSAPublicKey publicKey) throws GeneralSecurityException, CertIOException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, "hsmpool " + (object.equals(TRANSFER_KEY) ? "transfer" : "drill") + " key of " + nodeName).build();
        Instant now = Instant.now();
        BigInteger serial = new BigInteger(1, token.random(16)).setBit(126).clearBit(127);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), subject, publicKey);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyEncipherment));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(publicKey));
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new TokenContentSigner(token, object)));
        certificate.verify(publicKey); // the token's signature, checked in software
        return certificate;
    }

    private static RSAPublicKey publicKey(PublicKeyMaterial.Rsa material) throws GeneralSecurityException {
        return (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(material.modulus(), material.publicExponent()));
    }
}
