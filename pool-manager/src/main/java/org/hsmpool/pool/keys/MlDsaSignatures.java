package org.hsmpool.pool.keys;

import org.hsmpool.nodeapi.v1.SignAlgorithm;
import org.hsmpool.pool.store.KeyVersion;

/**
 * The checks a sign or verify with an ML-DSA algorithm or key gets before any node is asked: ML-DSA
 * algorithms only with AKP-HSM keys and the other algorithms only with the others (the parameter set
 * is the node's to check: the store keeps it only inside the public JWK), and the message, which
 * ML-DSA signs itself (the {@code value} of sign, the {@code digest} of verify), 1..4096 bytes.
 */
final class MlDsaSignatures {
    private MlDsaSignatures() {
    }

    /** Whether this is an ML-DSA call (the bytes are then the message); BadParameter when the pair does not fit. */
    static boolean check(KeyVersion v, SignAlgorithm alg, String name, byte[] message) {
        boolean mlDsaKey = KeyOperations.AKP.equals(v.keyType());
        boolean mlDsaAlg = KeyOperations.isMlDsa(alg);
        if (mlDsaKey != mlDsaAlg) {
            throw KeyException.badParameter("alg " + name + " cannot be used with a " + v.keyType() + " key");
        }
        if (mlDsaAlg && (message.length == 0 || message.length > KeyOperations.MAX_ML_DSA_MESSAGE)) {
            throw KeyException.badParameter(name + " signs the message itself, 1.."
                    + KeyOperations.MAX_ML_DSA_MESSAGE + " bytes, got " + message.length + " bytes");
        }
        return mlDsaAlg;
    }
}
