package org.hsmpool.pool.securitydomain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.nio.charset.StandardCharsets;

import org.hsmpool.nodeapi.v1.CreateSecurityDomainRequest;
import org.hsmpool.nodeapi.v1.RestoreSecurityDomainRequest;
import org.hsmpool.nodeapi.v1.SecurityDomainReply;
import org.hsmpool.nodeapi.v1.TransferKeyRequest;
import org.hsmpool.pool.api.DomainErrors;
import org.hsmpool.pool.api.KeyVaultException;
import org.hsmpool.pool.nodes.NodeRegistry;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.replication.DomainTransfer;
import org.hsmpool.pool.router.NodeRouter;
import org.hsmpool.pool.router.RoutingException;
import org.hsmpool.pool.store.Pool;
import org.hsmpool.pool.store.PoolState;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.SecurityDomainInfo;
import org.hsmpool.pool.store.TransferKeyIssue;
import org.hsmpool.sd.SecurityDomainBlob;
import org.jboss.logging.Logger;

import com.google.protobuf.ByteString;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Activation: the pool moves NotActivated → Activating → Activated (or back to NotActivated when
 * the node refuses); one healthy node creates the security domain, the blob's public facts are
 * stored with the state change, and every other healthy node receives W and H from that node (a
 * node that misses it gets them at catch-up). Restore: the same with the node that issued the
 * transfer key recombining the master from the administrators' shares.
 */
@ApplicationScoped
public class SecurityDomainService {
    private static final Logger LOG = Logger.getLogger(SecurityDomainService.class);
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final PoolStore store;
    private final NodeRegistry registry;
    private final NodeRouter router;
    private final DomainTransfer transfer;
    private volatile String lastFailure;

    public SecurityDomainService(PoolStore store, NodeRegistry registry, NodeRouter router, DomainTransfer transfer) {
        this.store = store;
        this.registry = registry;
        this.router = router;
        this.transfer = transfer;
    }

    /** A new security domain's blob (JSON) and the creating node's attestation of it (JSON). */
    public record Downloaded(String blob, String attestationJson) {
    }

    /** Activate the pool; returns the security-domain blob for the administrators, attested by its node. */
    public synchronized Downloaded download(List<X509Certificate> certificates, int required) {
        Pool pool = requireState(PoolState.NotActivated, "activated (again)");
        PoolNode creator = anyHealthyNode();
        store.changePoolState(PoolState.NotActivated, PoolState.Activating);
        SecurityDomainReply reply;
        try {
            CreateSecurityDomainRequest.Builder request = CreateSecurityDomainRequest.newBuilder()
                    .setRequired(required).setPoolId(pool.id());
            for (X509Certificate c : certificates) {
                request.addAdminCertificates(ByteString.copyFrom(c.getEncoded()));
            }
            reply = router.callOn(creator, DEADLINE, s -> s.createSecurityDomain(request.build()));
        } catch (RoutingException e) {
            store.changePoolState(PoolState.Activating, PoolState.NotActivated);
            lastFailure = e.getMessage();
            throw DomainErrors.of(e);
        } catch (CertificateEncodingException e) {
            store.changePoolState(PoolState.Activating, PoolState.NotActivated);
            lastFailure = e.getMessage();
            throw KeyVaultException.badParameter(e.getMessage());
        }
        String blob = reply.getBlobJson();
        activate(PoolState.Activating, blob, pool.id(), creator);
        LOG.infof("pool %s activated by %s: %d administrators, quorum %d", pool.id(), creator.name(),
                certificates.size(), required);
        return new Downloaded(blob, reply.getAttestationJson());
    }

    /**
     * The transfer key of the node that will recombine the master, for {@code hsmpool sd share}. The
     * node that issued the last one is asked again while it serves, so that every manager hands out the
     * same key; which node it is goes to the store, where the upload finds it on any manager.
     */
    public synchronized String transferKey() {
        requireState(PoolState.NotActivated, "activated; a restore needs a fresh pool");
        PoolNode node = store.transferKey().flatMap(issued -> registry.node(issued.nodeName()))
                .filter(PoolNode::healthy).orElseGet(this::anyHealthyNode);
        String jwk;
        try {
            jwk = router.callOn(node, DEADLINE, s -> s.getTransferKey(TransferKeyRequest.getDefaultInstance()))
                    .getJwkJson();
        } catch (RoutingException e) {
            throw DomainErrors.of(e);
        }
        store.recordTransferKey(new TransferKeyIssue(node.name(), sha256(jwk), Instant.now()));
        return jwk;
    }

    /** Restore the pool's security domain from its blob and a quorum of transfer shares. */
    public synchronized void upload(String blobJson, List<String> shares) {
        requireState(PoolState.NotActivated, "activated; a restore needs a fresh pool");
        TransferKeyIssue issued = store.transferKey().orElseThrow(() -> KeyVaultException.badParameter(
                "get the transfer key first (GET /securitydomain/upload) and have the administrators re-encrypt "
                        + "their shares to it"));
        PoolNode node = registry.node(issued.nodeName()).filter(PoolNode::healthy).orElseThrow(
                () -> KeyVaultException.unavailable("node " + issued.nodeName() + ", which issued the transfer key, "
                        + "is not serving; try again shortly", 2));
        String domainId;
        try {
            domainId = SecurityDomainBlob.parse(blobJson).poolId();
        } catch (RuntimeException e) {
            throw KeyVaultException.badParameter("the security domain blob is malformed: " + e.getMessage());
        }
        store.changePoolState(PoolState.NotActivated, PoolState.Restoring);
        try {
            router.callOn(node, DEADLINE, s -> s.restoreSecurityDomain(RestoreSecurityDomainRequest.newBuilder()
                    .setBlobJson(blobJson).addAllShares(shares).build()));
        } catch (RoutingException e) {
            store.changePoolState(PoolState.Restoring, PoolState.NotActivated);
            lastFailure = e.getMessage();
            throw DomainErrors.of(e);
        }
        activate(PoolState.Restoring, blobJson, domainId, node); // the store forgets the transfer key
        LOG.infof("security domain %s restored by %s", domainId, node.name());
    }

    /** {@code Success}, {@code InProgress} or {@code Failed}, as the pending endpoints report it. */
    public String status() {
        PoolState state = store.pool().orElseThrow().state();
        return switch (state) {
            case Activated -> "Success";
            case Activating, Restoring -> "InProgress";
            case NotActivated -> lastFailure == null ? "NotStarted" : "Failed";
        };
    }

    public String lastFailure() {
        return lastFailure;
    }

    private void activate(PoolState from, String blob, String domainId, PoolNode holder) {
        SecurityDomainBlob parsed = SecurityDomainBlob.parse(blob);
        List<String> thumbprints = parsed.shares().stream().map(s -> s.recipient().value()).toList();
        store.activatePool(from, new SecurityDomainInfo(domainId, thumbprints, parsed.facts().required(),
                parsed.facts().shareCount(), sha256(blob), Instant.now()));
        lastFailure = null;
        for (PoolNode other : registry.healthy()) {
            if (other != holder) {
                try {
                    transfer.transfer(holder, other);
                } catch (RuntimeException e) {
                    registry.eject(other, "domain keys not received: " + e.getMessage());
                }
            }
        }
    }

    private Pool requireState(PoolState expected, String action) {
        Pool pool = store.pool().orElseThrow();
        if (pool.state() != expected) {
            throw KeyVaultException.conflict("the pool is " + pool.state() + ", so it cannot be " + action);
        }
        return pool;
    }

    private PoolNode anyHealthyNode() {
        return registry.healthy().stream().findFirst().orElseThrow(
                () -> KeyVaultException.unavailable("no node of the pool is serving yet; try again shortly", 2));
    }

    static String sha256(String blob) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
