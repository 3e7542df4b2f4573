package org.hsmpool.node.token;

/**
 * Decides, outside the token, whether a signature that an imported private key made in the token
 * over a random digest verifies with the public key its importer claims (CKM_ECDSA, r||s).
 */
@FunctionalInterface
public interface PossessionCheck {
    boolean verifies(byte[] digest, byte[] signature);
}
