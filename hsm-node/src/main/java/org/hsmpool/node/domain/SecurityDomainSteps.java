package org.hsmpool.node.domain;

import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.token.Token;
import org.hsmpool.sd.Limits;
import org.hsmpool.sd.SecurityDomain;
import org.hsmpool.sd.SecurityDomainBlob;
import org.hsmpool.sd.SecurityDomainException;
import org.hsmpool.sd.TransferKey;
import org.jboss.logging.Logger;

/**
 * The node's side of the security domain (DESIGN.md flows 2 and 6), the only code that holds the
 * master S: create it from the token's RNG and split it between the administrators, or recombine
 * it from a quorum of shares re-encrypted to this node's transfer key; then derive W and H and
 * import them into the token. S, W and H are zeroed in {@code finally} blocks right after use, on
 * success and on failure. A refusal changes nothing: the keys are installed last, and the transfer
 * key is destroyed only after they are.
 *
 * <p>The pool id of the blob is the node's domain id in hex ({@value #DOMAIN_ID_FORM}), so that the
 * domain id that names W and H in every token and in every sealed key is the security domain's.
 */
public final class SecurityDomainSteps {
    static final String DOMAIN_ID_FORM = "32 lowercase hex characters";
    private static final Pattern DOMAIN_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Logger LOG = Logger.getLogger(SecurityDomainSteps.class);

    private final Token token;
    private final DomainKeys domain;
    private final TransferKeys transfer;
    private final SecureRandom random;
    private final java.util.function.Supplier<NodeIdentity> identity;
    private TransferKey attestedKey;
    private NodeIdentity attestedBy;
    private String attestedJwk;

    /** A new security domain: its blob, the domain id now installed, and this node's attestation of the blob. */
    public record Created(String blobJson, byte[] domainId, String attestationJson) {
    }

    /** @param identity the node's TLS identity now, which attests the transfer key */
    public SecurityDomainSteps(Token token, DomainKeys domain, TransferKeys transfer,
            java.util.function.Supplier<NodeIdentity> identity) {
        this.identity = identity;
        this.token = token;
        this.domain = domain;
        this.transfer = transfer;
        this.random = new TokenRandom(token);
    }

    /** Activation: a fresh S split M-of-N between {@code certificatesDer}; W and H installed here. */
    public synchronized Created create(List<byte[]> certificatesDer, int required, String poolId) {
        byte[] id = domainId(poolId, "pool_id");
        List<X509Certificate> certificates = certificates(certificatesDer);
        domain.requireNoDomain();
        SecurityDomainBlob blob;
        org.hsmpool.sd.DomainKeys keys;
        byte[] master = token.random(Limits.MASTER_BYTES);
        try {
            blob = SecurityDomain.create(master, poolId, certificates, required, Instant.now(), random);
            keys = org.hsmpool.sd.DomainKeys.derive(master, poolId);
        } catch (SecurityDomainException e) {
            throw SecurityDomainFailures.of(e);
        } finally {
            Arrays.fill(master, (byte) 0);
        }
        String json = blob.toJson();
        String attestation = attest(json);
        install(id, keys);
        LOG.infof("security domain %s created: %d administrators, quorum %d; pool keys W and H imported", poolId,
                blob.facts().shareCount(), blob.facts().required());
        return new Created(json, id, attestation);
    }

    /** This node's transfer key as a JWK with {@code x5c} and {@code x5t#S256}. */
    public synchronized String transferKeyJwk() {
        try {
            TransferKey key = transfer.current();
            NodeIdentity now = identity.get();
            // signed once per key and identity (ECDSA signatures differ each time): the same JWK until either changes
            if (key.equals(attestedKey) && now == attestedBy) {
                return attestedJwk;
            }
            attestedJwk = attestedJwk(key, now);
            attestedKey = key;
            attestedBy = now;
            return attestedJwk;
        } catch (SecurityDomainException e) {
            throw SecurityDomainFailures.of(e);
        }
    }

    /** {@code key}'s JWK with the node's pool-CA identity's attestation of it ({@code hsmpool_attestation}). */
    static String attestedJwk(TransferKey key, NodeIdentity identity) {
        try {
            var attestation = org.hsmpool.nodeapi.pki.TransferKeyAttestation.sign(identity.key(), identity.chain(),
                    key.certificate().getEncoded());
            java.util.Map<String, Object> jwk = com.nimbusds.jose.util.JSONObjectUtils.parse(key.toJwkJson());
            jwk.put(org.hsmpool.nodeapi.pki.TransferKeyAttestation.JWK_MEMBER, attestation.toJson());
            return com.nimbusds.jose.util.JSONObjectUtils.toJSONString(jwk);
        } catch (SecurityDomainException e) {
            throw SecurityDomainFailures.of(e);
        } catch (java.security.GeneralSecurityException | java.text.ParseException e) {
            throw new NodeException(NodeException.Reason.TOKEN_ERROR, "cannot attest the transfer key: "
                    + e.getMessage());
        }
    }

    /** Restore: S recombined from {@code transferShares}, checked, W and H installed, transfer key destroyed. */
    public synchronized byte[] restore(String blobJson, List<String> transferShares) {
        domain.requireNoDomain();
        if (transferShares.size() > Limits.MAX_SHARES) {
            throw NodeException.badRequest(transferShares.size() + " shares given; a security domain has at most "
                    + Limits.MAX_SHARES);
        }
        org.hsmpool.sd.DomainKeys keys;
        byte[] id;
        try {
            SecurityDomainBlob blob = SecurityDomainBlob.parse(blobJson);
            id = domainId(blob.poolId(), "the blob's pool_id");
            TransferKey key = transfer.existing().orElseThrow(() -> NodeException.badRequest("this node has no "
                    + "transfer key, so no share can be for it: get its transfer key (GetTransferKey) and have the "
                    + "administrators re-encrypt their shares to it"));
            keys = SecurityDomain.restore(blob, transferShares, key, transfer.decryptor(key));
        } catch (SecurityDomainException e) {
            throw SecurityDomainFailures.of(e);
        }
        install(id, keys);
        try {
            transfer.retire();
        } catch (RuntimeException e) {
            LOG.warnf("security domain restored, but the transfer key could not be destroyed: %s", e.getMessage());
        }
        LOG.infof("security domain %s restored from %d shares; pool keys W and H imported, transfer key destroyed",
                HexFormat.of().formatHex(id), transferShares.size());
        return id;
    }

    /** Signed before W and H are installed: a node that cannot attest the blob activates nothing. */
    private String attest(String blobJson) {
        NodeIdentity me = identity.get();
        try {
            return com.nimbusds.jose.util.JSONObjectUtils.toJSONString(
                    org.hsmpool.nodeapi.pki.ActivationAttestation.sign(me.key(), me.chain(), blobJson).toJson());
        } catch (java.security.GeneralSecurityException e) {
            throw new NodeException(NodeException.Reason.TOKEN_ERROR, "cannot attest the security domain: "
                    + e.getMessage());
        }
    }

    private void install(byte[] id, org.hsmpool.sd.DomainKeys keys) {
        byte[] w = null;
        byte[] h = null;
        try {
            w = keys.wrapKey();
            h = keys.macKey();
            domain.install(id, w, h);
        } finally {
            if (w != null) {
                Arrays.fill(w, (byte) 0);
            }
            if (h != null) {
                Arrays.fill(h, (byte) 0);
            }
            keys.destroy();
        }
    }

    static byte[] domainId(String poolId, String what) {
        if (poolId == null || !DOMAIN_ID.matcher(poolId).matches()) {
            String shown = poolId == null ? "nothing" : "'" + printable(poolId) + "'";
            throw NodeException.badRequest(what + " must be a security domain id of hsm-node, " + DOMAIN_ID_FORM
                    + " (16 bytes), got " + shown);
        }
        return HexFormat.of().parseHex(poolId);
    }

    private static List<X509Certificate> certificates(List<byte[]> certificatesDer) {
        if (certificatesDer.size() > Limits.MAX_SHARES) {
            throw NodeException.badRequest(certificatesDer.size() + " administrator certificates given; between "
                    + Limits.MIN_SHARES + " and " + Limits.MAX_SHARES + " are accepted");
        }
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (int i = 0; i < certificatesDer.size(); i++) {
                try {
                    out.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(certificatesDer.get(i))));
                } catch (CertificateException | ClassCastException e) {
                    throw NodeException.badRequest("admin_certificates[" + i + "] is not a DER X.509 certificate");
                }
            }
        } catch (CertificateException e) {
            throw new IllegalStateException("no X.509 certificate factory", e);
        }
        return out;
    }

    private static String printable(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
