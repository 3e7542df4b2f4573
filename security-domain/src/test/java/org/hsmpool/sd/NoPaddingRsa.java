package org.hsmpool.sd;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;

/**
 * Stands in for a token's CKM_RSA_X_509: the JDK's {@code RSA/ECB/NoPadding} over a software
 * private key, which computes exactly c^d mod n. Optionally drops leading zero bytes, as some
 * tokens do, and counts its calls so tests can tell whether the raw path was taken.
 */
final class NoPaddingRsa implements RawRsaDecryptor {

    private final PrivateKey key;
    private final int bits;
    private final boolean stripLeadingZeros;
    final AtomicInteger calls = new AtomicInteger();

    NoPaddingRsa(PrivateKey key, int bits, boolean stripLeadingZeros) {
        this.key = key;
        this.bits = bits;
        this.stripLeadingZeros = stripLeadingZeros;
    }

    @Override
    public int modulusBits() {
        return bits;
    }

    @Override
    public byte[] rawDecrypt(byte[] c) {
        calls.incrementAndGet();
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key);
            byte[] m = cipher.doFinal(c);
            int zeros = 0;
            while (stripLeadingZeros && zeros < m.length && m[zeros] == 0) {
                zeros++;
            }
            return Arrays.copyOfRange(m, zeros, m.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("raw RSA failed", e);
        }
    }
}
