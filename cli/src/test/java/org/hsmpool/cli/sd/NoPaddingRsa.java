package org.hsmpool.cli.sd;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import javax.crypto.Cipher;
import org.hsmpool.sd.RawRsaDecryptor;

/**
 * Stands in for the new node's token (CKM_RSA_X_509): the JDK's {@code RSA/ECB/NoPadding} over the
 * transfer key's private half computes exactly c^d mod n.
 */
record NoPaddingRsa(PrivateKey key, int modulusBits) implements RawRsaDecryptor {

    @Override
    public byte[] rawDecrypt(byte[] c) {
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key);
            return cipher.doFinal(c);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("raw RSA failed", e);
        }
    }
}
