package org.hsmpool.node.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.token.Extractability;
import org.hsmpool.node.token.KeySpec;
import org.hsmpool.node.token.KeyUsage;
import org.hsmpool.node.token.ObjectId;
import org.hsmpool.node.token.Token;
import org.hsmpool.node.token.WrapMechanism;
import org.hsmpool.nodeapi.pki.NodeSignature;
import org.hsmpool.nodeapi.pki.TransportKeyAttestation;
import org.hsmpool.nodeapi.pki.TransportKeyAttestation.Purpose;

/**
 * The pool wrap key W (AES-256, wrap/unwrap only) and the pool MAC key H (HMAC-SHA-256, sign/verify
 * only) as token objects. Their object ids carry the domain id, so the token itself records which
 * security domain it belongs to. Both are sensitive and leave the token only wrapped, and this
 * class wraps them only for a transport key that {@link TransportKeys#verifyPeer} accepted as a
 * peer's domain-bundle key, and unwraps bundles only with this node's domain-bundle key (never the
 * client-key import key, so an import's ciphertext cannot be installed as W or H).
 */
public final class DomainKeys {
    static final String WRAP_PREFIX = "hsmpool.domain.wrap.";
    static final String MAC_PREFIX = "hsmpool.domain.mac.";
    public static final int DOMAIN_ID_BYTES = 16;

    private final Token token;
    private final TransportKeys transport;
    private volatile byte[] domainId;

    private static final byte[] BUNDLE_CONTEXT = "hsmpool domain bundle v1".getBytes(StandardCharsets.US_ASCII);

    /** W and H wrapped for one recipient node, signed by the sending node. */
    public record Bundle(byte[] domainId, byte[] wrappedWrapKey, byte[] wrappedMacKey, byte[] recipientFingerprint,
            List<byte[]> senderChainDer, String signatureAlgorithm, byte[] signature) {
        /** What the sender signs: every field above, length-prefixed, hashed. */
        byte[] signedDigest() {
            try {
                MessageDigest d = MessageDigest.getInstance("SHA-256");
                for (byte[] part : List.of(domainId, wrappedWrapKey, wrappedMacKey, recipientFingerprint)) {
                    d.update(java.nio.ByteBuffer.allocate(4).putInt(part.length).array());
                    d.update(part);
                }
                return d.digest();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public DomainKeys(Token token, TransportKeys transport) {
        this.token = token;
        this.transport = transport;
        this.domainId = scan().orElse(null);
    }

    private Optional<byte[]> scan() {
        List<ObjectId> ids = token.list();
        return ids.stream().map(ObjectId::value).filter(v -> v.startsWith(WRAP_PREFIX))
                .map(v -> HexFormat.of().parseHex(v.substring(WRAP_PREFIX.length())))
                .filter(id -> ids.contains(macKey(id))).findFirst();
    }

    public Optional<byte[]> domainId() {
        byte[] id = domainId;
        return Optional.ofNullable(id == null ? null : id.clone());
    }

    /** The object id of W, or NO_DOMAIN. */
    public ObjectId wrapKey() {
        return wrapKey(require());
    }

    public ObjectId macKey() {
        return macKey(require());
    }

    private byte[] require() {
        byte[] id = domainId;
        if (id == null) {
            throw new NodeException(NodeException.Reason.NO_DOMAIN,
                    "this node holds no domain keys yet: create them or import them from a peer");
        }
        return id;
    }

    static ObjectId wrapKey(byte[] domainId) {
        return ObjectId.of(WRAP_PREFIX + HexFormat.of().formatHex(domainId));
    }

    static ObjectId macKey(byte[] domainId) {
        return ObjectId.of(MAC_PREFIX + HexFormat.of().formatHex(domainId));
    }

    /**
     * Import W and H derived from the security-domain master S (create or restore) as token objects
     * named by the domain id, sensitive and leaving the token only wrapped, so that the
     * attested node-to-node transfer still works. The caller owns and zeroes both arrays. A node
     * that holds domain keys refuses, even for the same domain id: these values come from a fresh
     * or recombined S, and the installed keys may not be the ones it derives. Half-imported objects
     * of a crashed earlier attempt are cleared first; on failure nothing is left behind.
     */
    public synchronized byte[] install(byte[] newDomainId, byte[] wrapKeyValue, byte[] macKeyValue) {
        checkDomainId(newDomainId);
        if (wrapKeyValue == null || wrapKeyValue.length != 32 || macKeyValue == null || macKeyValue.length != 32) {
            throw new IllegalArgumentException("W and H are 32 bytes each");
        }
        requireNoDomain();
        ObjectId w = wrapKey(newDomainId);
        ObjectId h = macKey(newDomainId);
        token.destroy(w);
        token.destroy(h);
        token.importSecret(w, new KeySpec.Aes(256), wrapKeyValue, EnumSet.of(KeyUsage.WRAP,
                KeyUsage.UNWRAP), Extractability.WRAPPED_ONLY);
        try {
            token.importSecret(h, new KeySpec.HmacSecret(256), macKeyValue,
                    EnumSet.of(KeyUsage.SIGN, KeyUsage.VERIFY), Extractability.WRAPPED_ONLY);
        } catch (RuntimeException e) {
            token.destroy(w);
            throw e;
        }
        domainId = newDomainId.clone();
        return newDomainId.clone();
    }

    /** Refuse with WRONG_DOMAIN when this node already holds domain keys. */
    public void requireNoDomain() {
        byte[] current = domainId;
        if (current != null) {
            throw new NodeException(NodeException.Reason.WRONG_DOMAIN, "this node already holds the keys of "
                    + "security domain " + HexFormat.of().formatHex(current) + "; a security domain is created or "
                    + "restored only in a node without domain keys");
        }
    }

    /** Wrap W and H for a peer node whose domain-bundle transport key is attested by the pool CA. */
    public Bundle exportTo(TransportKeys.Attested recipient) {
        TransportKeys.Peer peer = transport.verifyPeer(recipient, Purpose.DOMAIN_BUNDLE);
        byte[] id = require();
        byte[] w = token.wrapForPublicKey(peer.publicKey(), WrapMechanism.RSA_OAEP_SHA1, wrapKey(id));
        byte[] h = token.wrapForPublicKey(peer.publicKey(), WrapMechanism.RSA_OAEP_SHA1, macKey(id));
        Bundle unsigned = new Bundle(id.clone(), w, h, TransportKeys.fingerprint(recipient.publicKeyDer()), List.of(),
                "", new byte[0]);
        NodeIdentity me = transport.identity();
        try {
            List<byte[]> chain = new java.util.ArrayList<>();
            for (java.security.cert.X509Certificate c : me.chain()) {
                chain.add(c.getEncoded());
            }
            return new Bundle(unsigned.domainId(), w, h, unsigned.recipientFingerprint(), chain,
                    TransportKeyAttestation.algorithmFor(me.key()),
                    NodeSignature.sign(me.key(), BUNDLE_CONTEXT, unsigned.signedDigest()));
        } catch (java.security.GeneralSecurityException e) {
            throw new NodeException(NodeException.Reason.TOKEN_ERROR, "cannot sign the domain key bundle: "
                    + e.getMessage());
        }
    }

    /** PEER_NOT_TRUSTED unless a node of this pool's CA signed {@code bundle}. */
    private void requireSignedByANode(Bundle bundle) {
        try {
            NodeSignature.verifyNode(NodeSignature.certificates(bundle.senderChainDer()), transport.identity().poolCa(),
                    bundle.signatureAlgorithm(), BUNDLE_CONTEXT, bundle.signedDigest(), bundle.signature());
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new NodeException(NodeException.Reason.PEER_NOT_TRUSTED, "the domain key bundle is not signed by a "
                    + "node of this pool: " + e.getMessage());
        }
    }

    /** Unwrap W and H sent by a peer with this node's domain-bundle transport key. */
    public synchronized byte[] importFrom(Bundle bundle) {
        checkDomainId(bundle.domainId());
        byte[] mine = TransportKeys.fingerprint(transport.own(Purpose.DOMAIN_BUNDLE).publicKeyDer());
        if (!MessageDigest.isEqual(mine, bundle.recipientFingerprint())) {
            throw NodeException.badRequest("the bundle was made for another transport key than this node's "
                    + "domain-bundle key");
        }
        requireSignedByANode(bundle);
        if (sameOrConflict(bundle.domainId())) {
            return bundle.domainId().clone();
        }
        ObjectId w = wrapKey(bundle.domainId());
        ObjectId h = macKey(bundle.domainId());
        ObjectId unwrapper = TransportKeys.objectId(Purpose.DOMAIN_BUNDLE);
        token.unwrap(unwrapper, WrapMechanism.RSA_OAEP_SHA1, bundle.wrappedWrapKey(), w,
                new KeySpec.Aes(256), EnumSet.of(KeyUsage.WRAP, KeyUsage.UNWRAP), Extractability.WRAPPED_ONLY,
                new org.hsmpool.node.token.PublicKeyMaterial.None());
        try {
            token.unwrap(unwrapper, WrapMechanism.RSA_OAEP_SHA1, bundle.wrappedMacKey(),
                    h, new KeySpec.HmacSecret(256), EnumSet.of(KeyUsage.SIGN, KeyUsage.VERIFY),
                    Extractability.WRAPPED_ONLY, new org.hsmpool.node.token.PublicKeyMaterial.None());
        } catch (RuntimeException e) {
            token.destroy(w);
            throw e;
        }
        domainId = bundle.domainId().clone();
        return bundle.domainId().clone();
    }

    private boolean sameOrConflict(byte[] requested) {
        byte[] current = domainId;
        if (current == null) {
            return false;
        }
        if (MessageDigest.isEqual(current, requested)) {
            return true;
        }
        throw new NodeException(NodeException.Reason.WRONG_DOMAIN, "this node already belongs to domain "
                + HexFormat.of().formatHex(current) + "; a node serves one security domain");
    }

    private static void checkDomainId(byte[] id) {
        if (id == null || id.length != DOMAIN_ID_BYTES) {
            throw NodeException.badRequest("a domain id is " + DOMAIN_ID_BYTES + " bytes");
        }
    }
}
