package org.hsmpool.nodeapi.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;

/**
 * How a node binds a transport public key to its pool certificate: a signature with the node's TLS
 * identity key over {@code context || SubjectPublicKeyInfo}, where the context names the key's one
 * {@link Purpose}. Nodes check it before they wrap domain keys to a peer (adding PKIX validation
 * against their pool CA); the manager checks it before it wraps a client's key for a node. Since the
 * context differs per purpose, an attestation of one purpose's key never verifies as the other's.
 */
public final class TransportKeyAttestation {
    /** Transport keys are RSA of at least this many bits. */
    public static final int MIN_BITS = 3072;

    /**
     * What a transport key pair is for; a node holds one pair per purpose, so that an RSA-OAEP
     * ciphertext made for one purpose cannot be opened for the other. (One key with an OAEP label per
     * purpose would do the same, but SoftHSM2 2.6.1 refuses every OAEP label: CKR_ARGUMENTS_BAD.)
     */
    public enum Purpose {
        /** W and H sent from node to node ({@code DomainKeyBundle}). The context predates purposes. */
        DOMAIN_BUNDLE("hsmpool transport key v1"),
        /** The AES key that carries a client's key into a node (ImportKey). */
        CLIENT_KEY_IMPORT("hsmpool client key import key v1");

        private final byte[] context;

        Purpose(String context) {
            this.context = context.getBytes(StandardCharsets.US_ASCII);
        }

        /** For messages: "domain-bundle", "client-key-import". */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private TransportKeyAttestation() {
    }

    /** A transport key whose signature verified: the node that signed it and its RSA key. */
    public record Verified(PoolIdentity node, RSAPublicKey key) {
    }

    /** The JCA signature algorithm a node uses with its identity key. */
    public static String algorithmFor(PrivateKey identityKey) {
        return identityKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    }

    /** The attestation of {@code publicKeyDer} as this node's transport key for {@code purpose}. */
    public static byte[] sign(PrivateKey identityKey, Purpose purpose, byte[] publicKeyDer)
            throws GeneralSecurityException {
        Signature s = Signature.getInstance(algorithmFor(identityKey));
        s.initSign(identityKey);
        s.update(purpose.context);
        s.update(publicKeyDer);
        return s.sign();
    }

    /**
     * Check that {@code signer} (the first certificate of the chain) names a node and that its key
     * signed {@code publicKeyDer}, an RSA key of at least {@link #MIN_BITS} bits, as its transport key
     * for {@code purpose}. Whether the pool CA issued {@code signer} is the caller's to check.
     *
     * @throws GeneralSecurityException with a message that says what did not hold
     */
    public static Verified verify(X509Certificate signer, Purpose purpose, byte[] publicKeyDer, byte[] signature,
            String algorithm) throws GeneralSecurityException {
        PoolIdentity who = PoolIdentity.of(signer)
                .orElseThrow(() -> new SignatureException("the signer's certificate names no pool identity"));
        if (who.role() != PoolIdentity.Role.NODE) {
            throw new SignatureException("the signer's certificate belongs to " + who.uri() + ", not to a node");
        }
        if (!verifies(algorithm, signer, purpose.context, publicKeyDer, signature)) {
            throw new SignatureException("the transport key signature does not verify with " + who.uri()
                    + "'s certificate as a " + purpose.label() + " key");
        }
        if (!(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKeyDer))
                instanceof RSAPublicKey rsa)) {
            throw new SignatureException("the transport key is not an RSA key");
        }
        if (rsa.getModulus().bitLength() < MIN_BITS) {
            throw new SignatureException("the transport key is shorter than " + MIN_BITS + " bits");
        }
        return new Verified(who, rsa);
    }

    /** Whether {@code signature} is {@code signer}'s over {@code context || data}; a malformed one is false. */
    static boolean verifies(String algorithm, X509Certificate signer, byte[] context, byte[] data, byte[] signature)
            throws GeneralSecurityException {
        Signature s = Signature.getInstance(algorithm);
        s.initVerify(signer.getPublicKey());
        s.update(context);
        s.update(data);
        try {
            return s.verify(signature);
        } catch (SignatureException malformed) {
            return false;
        }
    }

    /** The SHA-256 of a transport key's SubjectPublicKeyInfo, which names it in requests. */
    public static byte[] fingerprint(byte[] publicKeyDer) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(publicKeyDer);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
