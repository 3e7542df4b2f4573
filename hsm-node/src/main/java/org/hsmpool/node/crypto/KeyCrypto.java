package org.hsmpool.node.crypto;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.hsmpool.node.token.CipherMechanism;
import org.hsmpool.node.token.HashAlgorithm;
import org.hsmpool.node.token.KeySpec;
import org.hsmpool.node.token.ObjectId;
import org.hsmpool.node.token.SignMechanism;
import org.hsmpool.node.token.StoredKey;
import org.hsmpool.node.token.Token;
import org.hsmpool.node.token.WrapMechanism;

/**
 * Sign, verify, encrypt, decrypt, wrap and unwrap with application key versions, by JWA
 * algorithm. Inputs are checked here (digest length, IV length, key type and size against the
 * algorithm) so that the token only ever sees well-formed requests. Key descriptions are cached by
 * version id: a key version never changes, it is only deleted.
 */
public final class KeyCrypto {
    public static final int GCM_IV_BYTES = 12;
    public static final int GCM_TAG_BYTES = 16;
    public static final int MAX_RANDOM_BYTES = 1024;
    public static final int MAX_DATA_BYTES = 1 << 20;

    private final Token token;
    private final Map<ObjectId, StoredKey> described = new ConcurrentHashMap<>();

    /** Ciphertext with the IV and tag an AES mode produced (empty arrays when not applicable). */
    public record Encrypted(byte[] ciphertext, byte[] iv, byte[] tag) {
    }

    public KeyCrypto(Token token) {
        this.token = token;
    }

    public StoredKey describe(ObjectId id) {
        StoredKey key = described.get(id);
        if (key == null) {
            key = token.find(id)
                    .orElseThrow(() -> new NodeException(NodeException.Reason.KEY_NOT_FOUND,
                            "key version " + id + " is not in this node's token"));
            described.put(id, key);
        }
        return key;
    }

    /** Forget a cached description (after the key was deleted). */
    public void forget(ObjectId id) {
        described.remove(id);
    }

    // ------------------------------------------------------------------------------------------

    public byte[] sign(ObjectId id, SignatureAlgorithm alg, byte[] digest) {
        StoredKey key = checkSignatureKey(id, alg);
        checkDigest(alg, digest);
        return token.sign(id, mechanism(alg), signInput(alg, digest));
    }

    public boolean verify(ObjectId id, SignatureAlgorithm alg, byte[] digest, byte[] signature) {
        checkSignatureKey(id, alg);
        checkDigest(alg, digest);
        if (signature.length == 0 || signature.length > 1024) {
            return false;
        }
        return token.verify(id, mechanism(alg), signInput(alg, digest), signature);
    }

    private StoredKey checkSignatureKey(ObjectId id, SignatureAlgorithm alg) {
        StoredKey key = describe(id);
        boolean fits = switch (alg.family()) {
            case ECDSA -> key.spec() instanceof KeySpec.Ec ec && ec.curve() == alg.curve();
            case RSA_PKCS1, RSA_PSS -> key.spec() instanceof KeySpec.Rsa;
            case ML_DSA -> false; // the token holds no ML-DSA key (MlDsaKeys does)
        };
        if (!fits) {
            throw badRequest(alg.jwaName() + " cannot be used with a " + KeyOperation.describe(key.spec()) + " key");
        }
        return key;
    }

    private static void checkDigest(SignatureAlgorithm alg, byte[] digest) {
        if (digest.length != alg.hash().length()) {
            throw badRequest(alg + " signs a " + alg.hash().length() + "-byte digest, got " + digest.length
                    + " bytes");
        }
    }

    private static SignMechanism mechanism(SignatureAlgorithm alg) {
        return switch (alg.family()) {
            case RSA_PKCS1 -> new SignMechanism.RsaPkcs1();
            case RSA_PSS -> new SignMechanism.RsaPss(alg.hash());
            case ECDSA -> new SignMechanism.Ecdsa();
            case ML_DSA -> throw badRequest(alg.jwaName() + " is not a token mechanism here");
        };
    }

    /** RS* sign a DER DigestInfo with CKM_RSA_PKCS; PS* and ES* sign the digest itself. */
    private static byte[] signInput(SignatureAlgorithm alg, byte[] digest) {
        if (alg.family() != SignatureAlgorithm.Family.RSA_PKCS1) {
            return digest;
        }
        ASN1ObjectIdentifier oid = switch (alg.hash()) {
            case SHA256 -> NISTObjectIdentifiers.id_sha256;
            case SHA384 -> NISTObjectIdentifiers.id_sha384;
            case SHA512 -> NISTObjectIdentifiers.id_sha512;
            case SHA1 -> throw badRequest("SHA-1 signatures are not offered");
        };
        try {
            return new DigestInfo(new AlgorithmIdentifier(oid, DERNull.INSTANCE), digest).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of a DigestInfo failed", e);
        }
    }

    // ------------------------------------------------------------------------------------------

    public Encrypted encrypt(ObjectId id, CipherAlgorithm alg, byte[] plaintext, byte[] iv, byte[] aad) {
        StoredKey key = checkCipherKey(id, alg);
        checkLength(plaintext, "plaintext");
        switch (alg.family()) {
            case RSA:
                return new Encrypted(rsaEncrypt(key, alg, plaintext), new byte[0], new byte[0]);
            case AES_GCM: {
                if (iv.length != 0) {
                    throw badRequest(alg + " takes no IV: the HSM generates a fresh one for every encryption");
                }
                byte[] freshIv = token.random(GCM_IV_BYTES);
                byte[] out = token.encrypt(id, new CipherMechanism.AesGcm(freshIv, aad), plaintext);
                int split = out.length - GCM_TAG_BYTES;
                return new Encrypted(Arrays.copyOf(out, split), freshIv, Arrays.copyOfRange(out, split, out.length));
            }
            case AES_CBC:
                checkCbcIv(alg, iv);
                if (plaintext.length == 0 || plaintext.length % 16 != 0) {
                    throw badRequest(alg + " needs a plaintext that is a non-empty multiple of 16 bytes; use "
                            + alg.name() + "PAD for other lengths");
                }
                return new Encrypted(token.encrypt(id, new CipherMechanism.AesCbc(iv), plaintext), iv,
                        new byte[0]);
            case AES_CBC_PAD:
                checkCbcIv(alg, iv);
                return new Encrypted(token.encrypt(id, new CipherMechanism.AesCbcPad(iv), plaintext), iv,
                        new byte[0]);
            default:
                throw badRequest(alg.jwaName() + " is a key-wrap algorithm: use wrapKey");
        }
    }

    public byte[] decrypt(ObjectId id, CipherAlgorithm alg, byte[] ciphertext, byte[] iv, byte[] aad, byte[] tag) {
        StoredKey key = checkCipherKey(id, alg);
        checkLength(ciphertext, "ciphertext");
        switch (alg.family()) {
            case RSA:
                return rsaDecrypt(key, alg, ciphertext);
            case AES_GCM: {
                if (iv.length != GCM_IV_BYTES) {
                    throw badRequest(alg + " needs the " + GCM_IV_BYTES + "-byte IV returned by encrypt, got "
                            + iv.length + " bytes");
                }
                if (tag.length != GCM_TAG_BYTES) {
                    throw badRequest(alg + " needs the " + GCM_TAG_BYTES + "-byte authentication tag, got "
                            + tag.length + " bytes");
                }
                byte[] joined = Arrays.copyOf(ciphertext, ciphertext.length + tag.length);
                System.arraycopy(tag, 0, joined, ciphertext.length, tag.length);
                return token.decrypt(id, new CipherMechanism.AesGcm(iv, aad), joined);
            }
            case AES_CBC:
                checkCbcIv(alg, iv);
                checkBlocks(alg, ciphertext);
                return token.decrypt(id, new CipherMechanism.AesCbc(iv), ciphertext);
            case AES_CBC_PAD:
                checkCbcIv(alg, iv);
                checkBlocks(alg, ciphertext);
                return token.decrypt(id, new CipherMechanism.AesCbcPad(iv), ciphertext);
            default:
                throw badRequest(alg.jwaName() + " is a key-wrap algorithm: use unwrapKey");
        }
    }

    public byte[] wrapKey(ObjectId id, CipherAlgorithm alg, byte[] keyBytes) {
        StoredKey key = checkCipherKey(id, alg);
        if (alg.family() == CipherAlgorithm.Family.RSA) {
            if (keyBytes.length == 0) {
                throw badRequest("the key to wrap is empty");
            }
            return rsaEncrypt(key, alg, keyBytes);
        }
        if (alg.family() != CipherAlgorithm.Family.AES_KW) {
            throw badRequest(alg.jwaName() + " is not a key-wrap algorithm");
        }
        if (keyBytes.length < 16 || keyBytes.length > 4096 || keyBytes.length % 8 != 0) {
            throw badRequest(alg.jwaName() + " wraps keys of 16 bytes or more in multiples of 8 bytes, got "
                    + keyBytes.length + " bytes");
        }
        return token.wrapBytes(id, WrapMechanism.AES_KEY_WRAP, keyBytes);
    }

    public byte[] unwrapKey(ObjectId id, CipherAlgorithm alg, byte[] wrapped) {
        StoredKey key = checkCipherKey(id, alg);
        if (alg.family() == CipherAlgorithm.Family.RSA) {
            return rsaDecrypt(key, alg, wrapped);
        }
        if (alg.family() != CipherAlgorithm.Family.AES_KW) {
            throw badRequest(alg.jwaName() + " is not a key-wrap algorithm");
        }
        if (wrapped.length < 24 || wrapped.length % 8 != 0) {
            throw badRequest(alg.jwaName() + " unwraps inputs of 24 bytes or more in multiples of 8 bytes");
        }
        return token.unwrapBytes(id, WrapMechanism.AES_KEY_WRAP, wrapped);
    }

    public byte[] random(int count) {
        if (count < 1 || count > MAX_RANDOM_BYTES) {
            throw badRequest("random byte count must be 1.." + MAX_RANDOM_BYTES + ", got " + count);
        }
        return token.random(count);
    }

    private StoredKey checkCipherKey(ObjectId id, CipherAlgorithm alg) {
        StoredKey key = describe(id);
        boolean fits = alg.family() == CipherAlgorithm.Family.RSA ? key.spec() instanceof KeySpec.Rsa
                : key.spec() instanceof KeySpec.Aes aes && aes.bits() == alg.aesBits();
        if (!fits) {
            throw badRequest(alg.jwaName() + " cannot be used with a " + KeyOperation.describe(key.spec()) + " key");
        }
        return key;
    }

    private byte[] rsaEncrypt(StoredKey key, CipherAlgorithm alg, byte[] data) {
        int modulusBytes = ((KeySpec.Rsa) key.spec()).bits() / 8;
        switch (alg) {
            case RSA1_5:
                if (data.length > modulusBytes - 11) {
                    throw badRequest("RSA1_5 encrypts at most " + (modulusBytes - 11) + " bytes with this key");
                }
                return token.encrypt(key.id(), new CipherMechanism.RsaPkcs1(), data);
            case RSA_OAEP:
                if (data.length > modulusBytes - 2 - 2 * HashAlgorithm.SHA1.length()) {
                    throw badRequest("RSA-OAEP encrypts at most " + (modulusBytes - 42) + " bytes with this key");
                }
                return token.encrypt(key.id(), new CipherMechanism.RsaOaepSha1(), data);
            default:
                if (data.length > modulusBytes - 2 - 2 * HashAlgorithm.SHA256.length()) {
                    throw badRequest("RSA-OAEP-256 encrypts at most " + (modulusBytes - 66) + " bytes with this key");
                }
                return oaep256(key, true, data);
        }
    }

    private byte[] rsaDecrypt(StoredKey key, CipherAlgorithm alg, byte[] data) {
        int modulusBytes = ((KeySpec.Rsa) key.spec()).bits() / 8;
        if (data.length != modulusBytes) {
            throw badRequest(alg.jwaName() + " ciphertext must be " + modulusBytes + " bytes with this key, got "
                    + data.length);
        }
        switch (alg) {
            case RSA1_5:
                return token.decrypt(key.id(), new CipherMechanism.RsaPkcs1(), data);
            case RSA_OAEP:
                return token.decrypt(key.id(), new CipherMechanism.RsaOaepSha1(), data);
            default:
                return oaep256(key, false, data);
        }
    }

    /** OAEP with SHA-256 and MGF1-SHA-256: the padding by Bouncy Castle, the RSA in the token. */
    private byte[] oaep256(StoredKey key, boolean encrypt, byte[] data) {
        OAEPEncoding oaep = new OAEPEncoding(new TokenRsaEngine(token, key.id(), ((KeySpec.Rsa) key.spec()).bits()),
                new SHA256Digest(), new SHA256Digest(), null);
        oaep.init(encrypt, null);
        try {
            return oaep.processBlock(data, 0, data.length);
        } catch (InvalidCipherTextException e) {
            throw new NodeException(NodeException.Reason.INTEGRITY,
                    "RSA-OAEP-256 " + (encrypt ? "encryption" : "decryption") + " failed: invalid input for this key");
        }
    }

    private static void checkCbcIv(CipherAlgorithm alg, byte[] iv) {
        if (iv.length == 0) {
            throw badRequest(alg.jwaName() + " needs the caller's 16-byte IV in iv, and none was given");
        }
        if (iv.length != 16) {
            throw badRequest(alg.jwaName() + " needs a 16-byte IV, got " + iv.length + " bytes");
        }
    }

    private static void checkBlocks(CipherAlgorithm alg, byte[] ciphertext) {
        if (ciphertext.length == 0 || ciphertext.length % 16 != 0) {
            throw badRequest(alg.jwaName() + " ciphertext must be a non-empty multiple of 16 bytes");
        }
    }

    private static void checkLength(byte[] data, String what) {
        if (data.length > MAX_DATA_BYTES) {
            throw badRequest(what + " is larger than " + MAX_DATA_BYTES + " bytes");
        }
    }

    private static NodeException badRequest(String message) {
        return NodeException.badRequest(message);
    }
}
