package org.hsmpool.node.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.hsmpool.node.token.KeySpec;

/**
 * Pure ML-DSA (FIPS 204, empty context) with Bouncy Castle's low-level classes, for a key the token
 * cannot hold. The private key is its 32-byte seed; the caller owns the seed and wipes it. The key
 * expanded from a seed lives only inside one call here and is destroyed (its arrays zeroed by Bouncy
 * Castle's {@code destroy}) before the call returns. The only class of the node that touches an ML-DSA
 * private key (ArchitectureTest).
 */
public final class MlDsa {
    public static final int SEED_BYTES = 32;
    /** The largest message a signature covers (the message is signed itself, not a digest). */
    public static final int MAX_MESSAGE_BYTES = 4096;

    private MlDsa() {
    }

    /** The raw public key (pkEncode) of the key pair {@code seed} derives. */
    public static byte[] publicKey(KeySpec.MlDsa spec, byte[] seed) {
        MLDSAPrivateKeyParameters key = expand(spec, seed);
        try {
            return key.getPublicKey();
        } finally {
            key.destroy();
        }
    }

    /** A hedged signature (fresh randomness from {@code random}) over {@code message}. */
    public static byte[] sign(KeySpec.MlDsa spec, byte[] seed, byte[] message, SecureRandom random) {
        checkMessage(message);
        MLDSAPrivateKeyParameters key = expand(spec, seed);
        try {
            MLDSASigner signer = new MLDSASigner();
            signer.init(true, new ParametersWithRandom(key, random));
            signer.update(message, 0, message.length);
            return signer.generateSignature();
        } catch (CryptoException e) {
            throw new NodeException(NodeException.Reason.TOKEN_ERROR, spec + " signing failed: " + e.getMessage());
        } finally {
            key.destroy();
        }
    }

    /** Whether {@code signature} is a valid signature of {@code message} under the raw public key. */
    public static boolean verify(KeySpec.MlDsa spec, byte[] publicKey, byte[] message, byte[] signature) {
        checkMessage(message);
        if (signature.length != signatureBytes(spec)) {
            return false;
        }
        MLDSASigner verifier = new MLDSASigner();
        verifier.init(false, new MLDSAPublicKeyParameters(parameters(spec), publicKey));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    public static int publicKeyBytes(KeySpec.MlDsa spec) {
        return switch (spec.parameterSet()) {
            case 44 -> 1312;
            case 65 -> 1952;
            default -> 2592;
        };
    }

    public static int signatureBytes(KeySpec.MlDsa spec) {
        return switch (spec.parameterSet()) {
            case 44 -> 2420;
            case 65 -> 3309;
            default -> 4627;
        };
    }

    private static void checkMessage(byte[] message) {
        if (message.length == 0 || message.length > MAX_MESSAGE_BYTES) {
            throw NodeException.badRequest("ML-DSA signs the message itself, 1.." + MAX_MESSAGE_BYTES
                    + " bytes, got " + message.length + " bytes");
        }
    }

    private static MLDSAPrivateKeyParameters expand(KeySpec.MlDsa spec, byte[] seed) {
        if (seed.length != SEED_BYTES) {
            throw new NodeException(NodeException.Reason.INTEGRITY, "an ML-DSA seed is " + SEED_BYTES + " bytes");
        }
        byte[] copy = Arrays.copyOf(seed, seed.length); // Bouncy Castle keeps the array it is given
        return new MLDSAPrivateKeyParameters(parameters(spec), copy);
    }

    private static MLDSAParameters parameters(KeySpec.MlDsa spec) {
        return switch (spec.parameterSet()) {
            case 44 -> MLDSAParameters.ml_dsa_44;
            case 65 -> MLDSAParameters.ml_dsa_65;
            default -> MLDSAParameters.ml_dsa_87;
        };
    }
}
