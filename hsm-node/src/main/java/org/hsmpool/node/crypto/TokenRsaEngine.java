package org.hsmpool.node.crypto;

import java.util.Arrays;

import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.hsmpool.node.token.CipherMechanism;
import org.hsmpool.node.token.ObjectId;
import org.hsmpool.node.token.Token;

/**
 * Raw RSA (CKM_RSA_X_509) in the token, shaped as a Bouncy Castle block cipher so that Bouncy
 * Castle's {@code OAEPEncoding} can add and remove the OAEP-SHA-256 padding the token lacks. Block
 * sizes follow BC's own RSA engine, so the padding code sees exactly what it expects.
 */
final class TokenRsaEngine implements AsymmetricBlockCipher {
    private final Token token;
    private final ObjectId key;
    private final int modulusBits;
    private boolean forEncryption;

    TokenRsaEngine(Token token, ObjectId key, int modulusBits) {
        this.token = token;
        this.key = key;
        this.modulusBits = modulusBits;
    }

    @Override
    public void init(boolean forEncryption, CipherParameters params) {
        this.forEncryption = forEncryption;
    }

    private int modulusBytes() {
        return (modulusBits + 7) / 8;
    }

    @Override
    public int getInputBlockSize() {
        return forEncryption ? (modulusBits - 1) / 8 : modulusBytes();
    }

    @Override
    public int getOutputBlockSize() {
        return forEncryption ? modulusBytes() : (modulusBits - 1) / 8;
    }

    @Override
    public byte[] processBlock(byte[] in, int inOff, int len) {
        byte[] block = new byte[modulusBytes()];
        if (len > block.length) {
            throw NodeException.badRequest("input longer than the RSA modulus");
        }
        System.arraycopy(in, inOff, block, block.length - len, len);
        byte[] out = forEncryption ? token.encrypt(key, new CipherMechanism.RsaRaw(), block)
                : token.decrypt(key, new CipherMechanism.RsaRaw(), block);
        if (!forEncryption && out.length == modulusBytes() && out[0] == 0) {
            return Arrays.copyOfRange(out, 1, out.length); // BC's engine drops the leading zero too
        }
        if (forEncryption && out.length < modulusBytes()) {
            byte[] padded = new byte[modulusBytes()];
            System.arraycopy(out, 0, padded, padded.length - out.length, out.length);
            return padded;
        }
        return out;
    }
}
