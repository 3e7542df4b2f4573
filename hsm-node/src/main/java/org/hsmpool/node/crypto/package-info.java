/**
 * Key Vault operations by algorithm, on top of the {@link org.hsmpool.node.token.Token} seam: which
 * token mechanism serves which JWA algorithm, what input each accepts, and how the gaps of the
 * token are bridged (RSA-OAEP-256 as raw RSA in the token plus OAEP padding by Bouncy Castle here;
 * RSxxx signatures as a DigestInfo signed with CKM_RSA_PKCS). Failures are {@link
 * org.hsmpool.node.crypto.NodeException}s with a stable {@link org.hsmpool.node.crypto.NodeException.Reason}.
 */
package org.hsmpool.node.crypto;
