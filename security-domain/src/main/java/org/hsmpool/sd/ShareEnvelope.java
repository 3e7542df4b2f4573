package org.hsmpool.sd;

import static org.hsmpool.sd.SecurityDomainException.Reason.CRYPTO_FAILURE;
import static org.hsmpool.sd.SecurityDomainException.Reason.INVALID_ARGUMENT;
import static org.hsmpool.sd.SecurityDomainException.Reason.INVALID_CERTIFICATE;
import static org.hsmpool.sd.SecurityDomainException.Reason.TAMPERED;
import static org.hsmpool.sd.SecurityDomainException.Reason.WRONG_RECIPIENT;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * Share envelopes: one share as a compact JWE (RSA-OAEP-256 + A256GCM, by nimbus-jose-jwt) whose
 * protected header binds it to its recipient, its index and the domain's public facts. An
 * administrator share is encrypted to an administrator certificate and lives in the blob; a
 * transfer share is the same share re-encrypted by its administrator to a node's transfer key.
 */
public final class ShareEnvelope {

    private ShareEnvelope() {
    }

    /** Encrypts {@code share} of the domain {@code facts} to the administrator certificate {@code adminCert}. */
    public static String encryptTo(X509Certificate adminCert, Share share, DomainFacts facts) {
        Objects.requireNonNull(adminCert, "adminCert");
        RSAPublicKey key = Limits.requireRsa(adminCert.getPublicKey(),
                "administrator certificate " + adminCert.getSubjectX500Principal().getName(), INVALID_CERTIFICATE);
        return seal(new ShareHeader(ShareKind.ADMIN, Thumbprint.of(adminCert), facts, share.index(), null), share, key);
    }

    /** Decrypts an administrator share with the administrator's private key (the admin machine's path). */
    public static Share decrypt(String jwe, X509Certificate adminCert, PrivateKey adminKey, DomainFacts expected) {
        Objects.requireNonNull(adminKey, "adminKey");
        return open(jwe, "the administrator share", ShareKind.ADMIN, Thumbprint.of(adminCert), expected,
                new RSADecrypter(adminKey));
    }

    /** Decrypts an administrator share whose private key only offers raw RSA (a smart card or token). */
    public static Share decrypt(String jwe, X509Certificate adminCert, RawRsaDecryptor adminKey, DomainFacts expected) {
        RSAPublicKey key = Limits.requireRsa(adminCert.getPublicKey(), "administrator certificate", INVALID_CERTIFICATE);
        return open(jwe, "the administrator share", ShareKind.ADMIN, Thumbprint.of(adminCert), expected,
                rawDecrypter(adminKey, key));
    }

    /**
     * What {@code hsmpool sd share} does on an administrator's machine: decrypts this
     * administrator's own share from {@code blob} and re-encrypts it to {@code transferKey}. Only
     * one share is ever in memory here; S is never recombined outside a node.
     *
     * @return the transfer share, one compact JWE
     * @throws SecurityDomainException {@code WRONG_RECIPIENT} when the blob holds no share for
     *     {@code adminCert}, {@code TAMPERED} when that share or the blob was altered
     */
    public static String reencryptForTransferKey(SecurityDomainBlob blob, X509Certificate adminCert,
            PrivateKey adminKey, TransferKey transferKey) {
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(transferKey, "transferKey");
        Thumbprint admin = Thumbprint.of(adminCert);
        EncryptedShare entry = blob.shareFor(admin).orElseThrow(() -> new SecurityDomainException(WRONG_RECIPIENT,
                "this security domain holds no share for the certificate " + admin + " (its shares are for "
                        + blob.shares().stream().map(s -> s.recipient().value()).toList() + ")"));
        Share share = decrypt(entry.jwe(), adminCert, adminKey, blob.facts());
        try {
            if (share.index() != entry.index()) {
                throw new SecurityDomainException(TAMPERED, "shares[index=" + entry.index()
                        + "].jwe carries share index " + share.index());
            }
            return encryptToTransferKey(transferKey, share, blob.facts(), admin);
        } finally {
            share.destroy();
        }
    }

    /** Encrypts {@code share} to a node's transfer key, on behalf of the administrator {@code admin}. */
    public static String encryptToTransferKey(TransferKey transferKey, Share share, DomainFacts facts, Thumbprint admin) {
        Objects.requireNonNull(transferKey, "transferKey");
        return seal(new ShareHeader(ShareKind.TRANSFER, transferKey.thumbprint(), facts, share.index(), admin),
                share, transferKey.publicKey());
    }

    /** Decrypts a transfer share inside a node whose transfer key only offers raw RSA (CKM_RSA_X_509). */
    public static Share decryptTransferShare(String jwe, TransferKey transferKey, RawRsaDecryptor tokenKey,
            DomainFacts expected) {
        return open(jwe, "the transfer share", ShareKind.TRANSFER, transferKey.thumbprint(), expected,
                rawDecrypter(tokenKey, transferKey.publicKey()));
    }

    /** Decrypts a transfer share with a private key that does RSA-OAEP-256 itself. */
    public static Share decryptTransferShare(String jwe, TransferKey transferKey, PrivateKey key, DomainFacts expected) {
        Objects.requireNonNull(key, "key");
        return open(jwe, "the transfer share", ShareKind.TRANSFER, transferKey.thumbprint(), expected,
                new RSADecrypter(key));
    }

    static JWEDecrypter rawDecrypter(RawRsaDecryptor decryptor, RSAPublicKey publicKey) {
        Objects.requireNonNull(decryptor, "decryptor");
        if (decryptor.modulusBits() != publicKey.getModulus().bitLength()) {
            throw new SecurityDomainException(INVALID_ARGUMENT, "the raw RSA key has " + decryptor.modulusBits()
                    + " bits but the recipient's public key has " + publicKey.getModulus().bitLength());
        }
        return new RawRsaOaepDecrypter(decryptor, publicKey.getModulus());
    }

    private static Share open(String jwe, String what, ShareKind kind, Thumbprint recipient, DomainFacts expected,
            JWEDecrypter decrypter) {
        Objects.requireNonNull(expected, "expected facts");
        SealedShare sealed = SealedShare.parse(jwe, what);
        sealed.requireAddressedTo(kind, recipient, expected);
        return sealed.open(decrypter);
    }

    private static String seal(ShareHeader header, Share share, RSAPublicKey recipientKey) {
        byte[] plaintext = share.value();
        try {
            JWEObject jwe = new JWEObject(header.toJweHeader(), new Payload(plaintext));
            jwe.encrypt(new RSAEncrypter(recipientKey));
            return jwe.serialize();
        } catch (JOSEException e) {
            throw new SecurityDomainException(CRYPTO_FAILURE, "could not encrypt share " + share.index(), e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
