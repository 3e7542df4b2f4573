package org.hsmpool.sd;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.impl.BaseJWEProvider;
import com.nimbusds.jose.crypto.impl.ContentCryptoProvider;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;

/**
 * A nimbus {@link JWEDecrypter} for RSA-OAEP-256 + A256GCM whose RSA step is a raw token
 * operation: BC's {@link OAEPEncoding} (SHA-256, MGF1-SHA-256, empty label) unwraps the content
 * encryption key, nimbus's {@link ContentCryptoProvider} does the AES-GCM part.
 */
final class RawRsaOaepDecrypter extends BaseJWEProvider implements JWEDecrypter {

    private static final int CEK_BYTES = 32;

    private final RawRsaDecryptor decryptor;
    private final BigInteger modulus;

    RawRsaOaepDecrypter(RawRsaDecryptor decryptor, BigInteger modulus) {
        super(Set.of(JWEAlgorithm.RSA_OAEP_256), Set.of(EncryptionMethod.A256GCM));
        this.decryptor = decryptor;
        this.modulus = modulus;
    }

    @Override
    public byte[] decrypt(JWEHeader header, Base64URL encryptedKey, Base64URL iv, Base64URL cipherText,
            Base64URL authTag, byte[] aad) throws JOSEException {
        if (!JWEAlgorithm.RSA_OAEP_256.equals(header.getAlgorithm())
                || !EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())) {
            throw new JOSEException("only RSA-OAEP-256 with A256GCM is supported");
        }
        if (encryptedKey == null || iv == null || authTag == null) {
            throw new JOSEException("the JWE lacks an encrypted key, IV or tag");
        }
        if (header.getCriticalParams() != null) {
            throw new JOSEException("no critical header parameter is understood");
        }
        OAEPEncoding oaep = new OAEPEncoding(new RawRsaBlockCipher(decryptor, modulus),
                new SHA256Digest(), new SHA256Digest(), null);
        oaep.init(false, null);
        byte[] wrapped = encryptedKey.decode();
        byte[] cekBytes;
        try {
            cekBytes = oaep.processBlock(wrapped, 0, wrapped.length);
        } catch (InvalidCipherTextException e) {
            throw new JOSEException("RSA-OAEP-256 decryption of the content encryption key failed", e);
        }
        try {
            if (cekBytes.length != CEK_BYTES) {
                throw new JOSEException("the content encryption key must be " + CEK_BYTES + " bytes");
            }
            SecretKey cek = new SecretKeySpec(cekBytes, "AES");
            return ContentCryptoProvider.decrypt(header, aad, encryptedKey, iv, cipherText, authTag, cek, getJCAContext());
        } finally {
            Arrays.fill(cekBytes, (byte) 0);
        }
    }
}
