package org.hsmpool.node.domain;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.token.Extractability;
import org.hsmpool.node.token.KeySpec;
import org.hsmpool.node.token.KeyUsage;
import org.hsmpool.node.token.ObjectId;
import org.hsmpool.node.token.PublicKeyMaterial;
import org.hsmpool.node.token.StoredKey;
import org.hsmpool.node.token.Token;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.nodeapi.pki.TlsMaterial;
import org.hsmpool.nodeapi.pki.TransportKeyAttestation;
import org.hsmpool.nodeapi.pki.TransportKeyAttestation.Purpose;

/**
 * The node's transport key pairs (RSA-3072, private half non-extractable in the token), one per
 * {@link Purpose}, and the attestation that binds a transport public key and its purpose to a node
 * certificate of the pool CA. Domain keys are wrapped only to attested domain-bundle keys, so the
 * manager (or anyone on the network) cannot substitute its own key and receive W. One pair per
 * purpose keeps RSA-OAEP ciphertexts apart: a bundle's wrapped W does not unwrap as a client-key
 * import's AES key, nor the reverse (SoftHSM2 refuses OAEP labels, which would have done the same
 * with one key).
 */
public final class TransportKeys {
    /** The domain-bundle key keeps the id of the node's one transport key of earlier versions. */
    private static final Map<Purpose, ObjectId> IDS = Map.of(Purpose.DOMAIN_BUNDLE, ObjectId.of("hsmpool.transport"),
            Purpose.CLIENT_KEY_IMPORT, ObjectId.of("hsmpool.transport.import"));
    /** The bundle key predates purposes and may also encrypt; the import key only unwraps. */
    private static final Map<Purpose, Set<KeyUsage>> USAGES = Map.of(
            Purpose.DOMAIN_BUNDLE, EnumSet.of(KeyUsage.WRAP, KeyUsage.UNWRAP, KeyUsage.ENCRYPT, KeyUsage.DECRYPT),
            Purpose.CLIENT_KEY_IMPORT, EnumSet.of(KeyUsage.WRAP, KeyUsage.UNWRAP));

    private final Token token;
    private final Supplier<NodeIdentity> identity;
    private final Map<Purpose, StoredKey> ownKeys = new EnumMap<>(Purpose.class);
    private final Map<Purpose, Attested> own = new EnumMap<>(Purpose.class);
    private NodeIdentity attestedBy;

    /**
     * A transport public key with its attestation, as it travels between nodes. {@code purpose} is
     * what the message says (null when it says nothing); checks never trust it, they verify the
     * signature for the purpose they need.
     */
    public record Attested(byte[] publicKeyDer, List<byte[]> certificateChainDer, byte[] signature,
            String signatureAlgorithm, Purpose purpose) {
    }

    /** The token object of this node's transport key pair for {@code purpose}. */
    public static ObjectId objectId(Purpose purpose) {
        return IDS.get(purpose);
    }

    /** @param identity the node's TLS identity now (it changes when its certificate is rotated) */
    public TransportKeys(Token token, Supplier<NodeIdentity> identity) {
        this.token = token;
        this.identity = identity;
    }

    /**
     * Create the transport key pair for {@code purpose} on first use; afterwards return it, attested
     * for that purpose by the node's current certificate (attested again after a certificate rotation).
     * The pair is a token object kept across restarts: a later process finds it instead of making one.
     * Nothing is made when the node starts: the first caller (GetTransportKey, within its deadline)
     * waits for the key generation, concurrent callers wait on this object's lock and get the same
     * pair; a caller sees a key only once the token has made both halves and it is attested. At most
     * one pair per purpose is ever made, whatever callers do.
     */
    public synchronized Attested own(Purpose purpose) {
        StoredKey key = ownKeys.get(purpose);
        if (key == null) {
            ObjectId id = objectId(purpose);
            key = token.find(id).orElseGet(() -> token.generate(id, new KeySpec.Rsa(3072), USAGES.get(purpose),
                    Extractability.NEVER));
            ownKeys.put(purpose, key);
        }
        NodeIdentity now = identity.get();
        if (attestedBy != now) {
            own.clear();
            attestedBy = now;
        }
        StoredKey pair = key;
        return own.computeIfAbsent(purpose, p -> attest((PublicKeyMaterial.Rsa) pair.publicKey(), p, now));
    }

    private static Attested attest(PublicKeyMaterial.Rsa material, Purpose purpose, NodeIdentity identity) {
        try {
            byte[] spki = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(material.modulus(), material.publicExponent())).getEncoded();
            List<byte[]> chain = new ArrayList<>();
            for (X509Certificate c : identity.chain()) {
                chain.add(c.getEncoded());
            }
            return new Attested(spki, chain, TransportKeyAttestation.sign(identity.key(), purpose, spki),
                    TransportKeyAttestation.algorithmFor(identity.key()), purpose);
        } catch (GeneralSecurityException e) {
            throw new NodeException(NodeException.Reason.TOKEN_ERROR, "cannot attest the transport key: "
                    + e.getMessage());
        }
    }

    /** The SHA-256 of a transport key's SubjectPublicKeyInfo, which names it in bundles and imports. */
    public static byte[] fingerprint(byte[] publicKeyDer) {
        return TransportKeyAttestation.fingerprint(publicKeyDer);
    }

    /** The node's TLS identity now. */
    public NodeIdentity identity() {
        return identity.get();
    }

    /**
     * Check that a peer's transport key is signed, as its key for {@code purpose}, by the key of a
     * node certificate issued by this pool's CA; return the peer's RSA public key and identity.
     * PEER_NOT_TRUSTED otherwise, also when the key says it is for another purpose.
     */
    public Peer verifyPeer(Attested peer, Purpose purpose) {
        if (peer.purpose() != null && peer.purpose() != purpose) {
            throw untrusted("the peer's key is its " + peer.purpose().label() + " transport key, not its "
                    + purpose.label() + " key");
        }
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
                verified = TransportKeyAttestation.verify(chain.get(0), purpose, peer.publicKeyDer(),
                        peer.signature(), peer.signatureAlgorithm());
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
