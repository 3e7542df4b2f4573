package org.hsmpool.sd;

import static org.hsmpool.sd.SecurityDomainException.Reason.CRYPTO_FAILURE;
import static org.hsmpool.sd.SecurityDomainException.Reason.INVALID_ARGUMENT;
import static org.hsmpool.sd.SecurityDomainException.Reason.INVALID_KEY_FILE;
import static org.hsmpool.sd.SecurityDomainException.Reason.WRONG_PASSPHRASE;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * PEM files of administrator keys, by Bouncy Castle: certificates, and private keys only as
 * {@code ENCRYPTED PRIVATE KEY} (PKCS#8, PBES2 with PBKDF2-HMAC-SHA-256 and AES-256-CBC, which
 * {@code openssl pkcs8} reads too).
 */
public final class Pem {

    /** PBKDF2 iterations for new files: OWASP's 2023 figure for PBKDF2-HMAC-SHA-256. */
    public static final int PBKDF2_ITERATIONS = 600_000;

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private Pem() {
    }

    public static String certificate(X509Certificate certificate) {
        return write(certificate);
    }

    public static X509Certificate readCertificate(String pem) {
        Object object = read(pem);
        if (!(object instanceof X509CertificateHolder holder)) {
            throw new SecurityDomainException(INVALID_KEY_FILE, "expected a CERTIFICATE PEM block");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new SecurityDomainException(INVALID_KEY_FILE, "the certificate cannot be decoded", e);
        }
    }

    /** The private key as an encrypted PKCS#8 PEM block; the passphrase must not be empty. */
    public static String encryptedPrivateKey(PrivateKey key, char[] passphrase) {
        if (passphrase == null || passphrase.length == 0) {
            throw new SecurityDomainException(INVALID_ARGUMENT, "a private key file needs a non-empty passphrase");
        }
        try {
            OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                    .setPRF(JcaPKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(PBKDF2_ITERATIONS)
                    .setRandom(new SecureRandom())
                    .setProvider(BC)
                    .setPassword(passphrase)
                    .build();
            return write(new JcaPKCS8Generator(key, encryptor));
        } catch (OperatorCreationException | IOException e) {
            throw new SecurityDomainException(CRYPTO_FAILURE, "could not encrypt the private key", e);
        }
    }

    /**
     * Reads an {@code ENCRYPTED PRIVATE KEY} PEM block.
     *
     * @throws SecurityDomainException {@code WRONG_PASSPHRASE} when the passphrase does not open
     *     it, {@code INVALID_KEY_FILE} when it is no such block
     */
    public static PrivateKey readEncryptedPrivateKey(String pem, char[] passphrase) {
        Object object = read(pem);
        if (!(object instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
            throw new SecurityDomainException(INVALID_KEY_FILE,
                    "expected an ENCRYPTED PRIVATE KEY PEM block (an unencrypted key file is refused)");
        }
        PrivateKeyInfo info;
        try {
            InputDecryptorProvider decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC)
                    .build(passphrase == null ? new char[0] : passphrase);
            info = encrypted.decryptPrivateKeyInfo(decryptor);
        } catch (OperatorCreationException e) {
            throw new SecurityDomainException(INVALID_KEY_FILE, "the key file's encryption scheme is not supported", e);
        } catch (PKCSException | RuntimeException e) {
            // No cause attached: it would only say which padding or structure check the wrong key failed.
            throw new SecurityDomainException(WRONG_PASSPHRASE, "the passphrase does not decrypt the private key");
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException e) {
            throw new SecurityDomainException(INVALID_KEY_FILE, "the decrypted private key cannot be decoded", e);
        }
    }

    private static String write(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new SecurityDomainException(CRYPTO_FAILURE, "could not write PEM", e);
        }
        return out.toString();
    }

    private static Object read(String pem) {
        if (pem == null) {
            throw new SecurityDomainException(INVALID_KEY_FILE, "no PEM text given");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (object == null) {
                throw new SecurityDomainException(INVALID_KEY_FILE, "no PEM block found");
            }
            return object;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SecurityDomainException sde) {
                throw sde;
            }
            throw new SecurityDomainException(INVALID_KEY_FILE, "not a readable PEM file: " + e.getMessage(), e);
        }
    }
}
