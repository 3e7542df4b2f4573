package org.hsmpool.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.hsmpool.sd.SecurityDomainException.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code hsmpool sd admin-keygen}: an RSA-3072 key and certificate, the key in a passphrase-encrypted PEM file. */
class AdminKeyPairTest {

    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    private static AdminKeyPair pair;
    private static String keyPem;

    @BeforeAll
    static void generate() {
        pair = AdminKeyPair.generate("Alice Admin", TestKeys.NOW, new SecureRandom());
        keyPem = pair.privateKeyPem(PASSPHRASE);
    }

    @Test
    void theKeyIsRsa3072InASelfSignedEndEntityCertificate() throws Exception {
        var certificate = pair.certificate();
        assertThat(((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=Alice Admin");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        certificate.verify(certificate.getPublicKey());
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(TestKeys.NOW);
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(TestKeys.NOW.plus(Duration.ofDays(3 * 365)));
        assertThat(pair.toString()).contains("CN=Alice Admin").doesNotContain("modulus", "exponent");
    }

    @Test
    void thePemFilesReadBackWithThePassphrase() {
        String certificatePem = pair.certificatePem();
        assertThat(certificatePem).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(keyPem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        AdminKeyPair read = AdminKeyPair.read(certificatePem, keyPem, PASSPHRASE);
        assertThat(read.certificate()).isEqualTo(pair.certificate());
        assertThat(read.privateKey().getEncoded()).isEqualTo(pair.privateKey().getEncoded());
        assertThat(read.thumbprint()).isEqualTo(pair.thumbprint());
    }

    @Test
    void theKeyFileIsPbes2WithPbkdf2HmacSha256AndAes256Cbc() throws Exception {
        PKCS8EncryptedPrivateKeyInfo info;
        try (PEMParser parser = new PEMParser(new StringReader(keyPem))) {
            info = (PKCS8EncryptedPrivateKeyInfo) parser.readObject();
        }
        assertThat(info.getEncryptionAlgorithm().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBES2);
        PBES2Parameters pbes2 = PBES2Parameters.getInstance(info.getEncryptionAlgorithm().getParameters());
        PBKDF2Params pbkdf2 = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
        assertThat(pbes2.getEncryptionScheme().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_aes256_CBC);
        assertThat(pbkdf2.getPrf().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_hmacWithSHA256);
        assertThat(pbkdf2.getIterationCount().intValue()).isEqualTo(Pem.PBKDF2_ITERATIONS);
    }

    @Test
    void aWrongPassphraseIsRefusedClearly() {
        assertThatThrownBy(() -> Pem.readEncryptedPrivateKey(keyPem, "wrong horse".toCharArray()))
                .hasMessage("the passphrase does not decrypt the private key")
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.WRONG_PASSPHRASE);
        assertThatThrownBy(() -> Pem.readEncryptedPrivateKey(keyPem, new char[0]))
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.WRONG_PASSPHRASE);
    }

    @Test
    void anEmptyPassphraseIsNotAcceptedForANewFile() {
        assertThatThrownBy(() -> pair.privateKeyPem(new char[0]))
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.INVALID_ARGUMENT);
    }

    @Test
    void unencryptedOrUnreadableKeyFilesAreRefused() throws Exception {
        StringWriter plain = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(plain)) {
            writer.writeObject(pair.privateKey());
        }
        for (String pem : List.of(plain.toString(), pair.certificatePem(), "", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n")) {
            assertThatThrownBy(() -> Pem.readEncryptedPrivateKey(pem, PASSPHRASE))
                    .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.INVALID_KEY_FILE);
        }
        assertThatThrownBy(() -> Pem.readCertificate(keyPem))
                .hasMessageContaining("expected a CERTIFICATE")
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.INVALID_KEY_FILE);
    }

    @Test
    void aKeyFileOfAnotherAdministratorDoesNotPairWithTheCertificate() {
        String otherCertificate = Pem.certificate(TestKeys.admin(0).certificate());
        assertThatThrownBy(() -> AdminKeyPair.read(otherCertificate, keyPem, PASSPHRASE))
                .hasMessageContaining("does not belong to the certificate")
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.INVALID_KEY_FILE);
    }

    @Test
    void aGeneratedAdministratorCanTakePartInASecurityDomain() {
        List<java.security.cert.X509Certificate> certificates = List.of(pair.certificate(),
                TestKeys.admin(0).certificate(), TestKeys.admin(1).certificate());
        SecurityDomainBlob blob = SecurityDomain.create(SharesTest.master(), "pool-admin", certificates, 2,
                TestKeys.NOW, new SecureRandom());
        AdminKeyPair fromFiles = AdminKeyPair.read(pair.certificatePem(), keyPem, PASSPHRASE);
        String transferShare = ShareEnvelope.reencryptForTransferKey(blob, fromFiles.certificate(), fromFiles.privateKey(),
                TestKeys.transfer(0).key());
        Share share = ShareEnvelope.decryptTransferShare(transferShare, TestKeys.transfer(0).key(),
                TestKeys.transfer(0).token(), blob.facts());
        assertThat(share.index()).isEqualTo(1);
    }
}
