package org.hsmpool.node.domain;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;

import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.token.Extractability;
import org.hsmpool.node.token.KeySpec;
import org.hsmpool.node.token.KeyUsage;
import org.hsmpool.node.token.ObjectId;
import org.hsmpool.node.token.PublicKeyMaterial;
import org.hsmpool.node.token.StoredKey;
import org.hsmpool.node.token.Token;
import org.hsmpool.node.token.TokenException;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.nodeapi.pki.TlsMaterial;
import org.hsmpool.nodeapi.pki.TransportKeyAttestation;

/**
 * The node's transport key pair (RSA-3072, private half non-extractable in the token) and the
 * attestation that binds a transport public key to a node certificate of the pool CA. Domain
 * keys are wrapped only to attested transport keys, so the manager (or anyone on the network)
 * cannot substitute its own key and receive W.
 */
public final class TransportKeys {
    public static final ObjectId TRANSPORT_KEY = ObjectId.of("hsmpool.transport");

    private final Token token;
    private final Supplier<NodeIdentity> identity;
    private StoredKey ownKey;
    private NodeIdentity attestedBy;
    private Attested own;

    /** A transport public key with its attestation, as it travels between nodes. */
    public record Attested(byte[] publicKeyDer, List<byte[]> certificateChainDer, byte[] signature,
            String signatureAlgorithm) {
    }

    /** @param identity the node's TLS identity now (it changes when its certificate is rotated) */
    public TransportKeys(Token token, Supplier<NodeIdentity> identity) {
        this.token = token;
        this.identity = identity;
    }

    /**
     * Create the transport key pair on first use; afterwards return it, attested by the node's
     * current certificate (attested again after a certificate rotation).
     */
    public synchronized Attested own() {
        if (ownKey == null) {
            try {
                ownKey = token.find(TRANSPORT_KEY).orElseGet(() -> token.generate(TRANSPORT_KEY, new KeySpec.Rsa(3072),
                        EnumSet.of(KeyUsage.WRAP, KeyUsage.UNWRAP, KeyUsage.ENCRYPT, KeyUsage.DECRYPT),
                        Extractability.NEVER));
            } catch (TokenException e) {
                throw NodeException.from(e);
            }
        }
        NodeIdentity now = identity.get();
        if (own == null || attestedBy != now) {
            own = attest((PublicKeyMaterial.Rsa) ownKey.publicKey(), now);
            attestedBy = now;
        }
        return own;
    }

    private static Attested attest(PublicKeyMaterial.Rsa material, NodeIdentity identity) {
        try {
            byte[] spki = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(material.modulus(), material.publicExponent())).getEncoded();
            List<byte[]> chain = new ArrayList<>();
            for (X509Certificate c : identity.chain()) {
                chain.add(c.getEncoded());
            }
            return new Attested(spki, chain, TransportKeyAttestation.sign(identity.key(), spki),
                    TransportKeyAttestation.algorithmFor(identity.key()));
        } catch (GeneralSecurityException e) {
            throw new NodeException(NodeException.Reason.TOKEN_ERROR, "cannot attest the transport key: "
                    + e.getMessage());
        }
    }

    /** The SHA-256 of a transport key's SubjectPublicKeyInfo, which names it in bundles and imports. */
    public static byte[] fingerprint(byte[] publicKeyDer) {
        return TransportKeyAttestation.fingerprint(publicKeyDer);
    }

    /**
     * Check that a peer's transport key is signed by the key of a node certificate issued by this
     * pool's CA; return the peer's RSA public key and identity.
     */
    /** The node's TLS identity now. */
    public NodeIdentity identity() {
        return identity.get();
    }

    public Peer verifyPeer(Attested peer) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = new ArrayList<>();
            for (byte[] der : peer.certificateChainDer()) {
                chain.add((X509Certificate) cf.generateCertificate(new java.io.ByteArrayInputStream(der)));
            }
            if (chain.isEmpty()) {
                throw untrusted("the transport key carries no certificate");
            }
            try {
                TlsMaterial.checkIssuedBy(chain, identity.get().poolCa());
            } catch (GeneralSecurityException e) {
                throw untrusted("the peer certificate was not issued by this pool's CA (" + e.getMessage() + ")");
            }
            TransportKeyAttestation.Verified verified;
            try {
                verified = TransportKeyAttestation.verify(chain.get(0), peer.publicKeyDer(), peer.signature(),
                        peer.signatureAlgorithm());
            } catch (java.security.SignatureException e) {
                throw untrusted(e.getMessage());
            }
            RSAPublicKey rsa = verified.key();
            return new Peer(verified.node(), new PublicKeyMaterial.Rsa(rsa.getModulus(), rsa.getPublicExponent()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw untrusted("the transport key or its certificates are malformed (" + e.getMessage() + ")");
        }
    }

    /** A verified peer: who it is and its transport public key. */
    public record Peer(PoolIdentity identity, PublicKeyMaterial.Rsa publicKey) {
    }

    private static NodeException untrusted(String message) {
        return new NodeException(NodeException.Reason.PEER_NOT_TRUSTED, message);
    }
}
