package org.hsmpool.sd;

import static org.hsmpool.sd.SecurityDomainException.Reason.CRYPTO_FAILURE;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.InvalidCipherTextException;

/**
 * Presents a {@link RawRsaDecryptor} as the RSA engine under Bouncy Castle's {@code OAEPEncoding},
 * so that OAEP unpadding is BC's and only the modular exponentiation happens in the token. It
 * behaves as BC's own {@code RSAEngine} does when decrypting: input of exactly k bytes, output of
 * at most k - 1 bytes once the leading zero octet of the encoded message is dropped. A token
 * failure leaves as a {@code CRYPTO_FAILURE} that the envelope code unwraps from nimbus's
 * exception, so that it is not mistaken for tampering.
 */
final class RawRsaBlockCipher implements AsymmetricBlockCipher {

    private final RawRsaDecryptor decryptor;
    private final BigInteger modulus;
    private final int modulusBytes;

    RawRsaBlockCipher(RawRsaDecryptor decryptor, BigInteger modulus) {
        this.decryptor = decryptor;
        this.modulus = modulus;
        this.modulusBytes = (modulus.bitLength() + 7) / 8;
    }

    @Override
    public void init(boolean forEncryption, CipherParameters params) {
        if (forEncryption) {
            throw new IllegalArgumentException("a raw RSA decryptor cannot encrypt");
        }
    }

    @Override
    public int getInputBlockSize() {
        return modulusBytes;
    }

    @Override
    public int getOutputBlockSize() {
        return (modulus.bitLength() - 1) / 8;
    }

    @Override
    public byte[] processBlock(byte[] in, int inOff, int inLen) throws InvalidCipherTextException {
        if (inLen != modulusBytes) {
            throw new InvalidCipherTextException("ciphertext must be " + modulusBytes + " bytes");
        }
        byte[] c = Arrays.copyOfRange(in, inOff, inOff + inLen);
        if (new BigInteger(1, c).compareTo(modulus) >= 0) {
            throw new InvalidCipherTextException("ciphertext representative out of range");
        }
        byte[] m;
        try {
            m = decryptor.rawDecrypt(c);
        } catch (RuntimeException e) {
            throw new SecurityDomainException(CRYPTO_FAILURE, "the raw RSA operation failed", e);
        }
        if (m == null || m.length > modulusBytes) {
            throw new SecurityDomainException(CRYPTO_FAILURE, "the raw RSA operation returned "
                    + (m == null ? "nothing" : m.length + " bytes") + " for a " + modulusBytes + "-byte modulus");
        }
        if (m.length == modulusBytes && m[0] == 0) {
            byte[] stripped = Arrays.copyOfRange(m, 1, m.length);
            Arrays.fill(m, (byte) 0);
            return stripped;
        }
        return m;
    }
}
