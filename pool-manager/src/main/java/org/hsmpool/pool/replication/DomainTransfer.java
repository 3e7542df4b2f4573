package org.hsmpool.pool.replication;

import java.time.Duration;

import org.hsmpool.nodeapi.v1.DomainKeyBundle;
import org.hsmpool.nodeapi.v1.ExportDomainKeysRequest;
import org.hsmpool.nodeapi.v1.TransportKey;
import org.hsmpool.nodeapi.v1.TransportKeyPurpose;
import org.hsmpool.nodeapi.v1.TransportKeyRequest;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.router.NodeRouter;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Moves the pool wrap and MAC keys from a node that holds them to one that does not. The manager
 * only relays: the recipient's transport key is attested by its pool-CA certificate, the donor
 * checks that and wraps W and H to it; neither key is ever readable here.
 */
@ApplicationScoped
public class DomainTransfer {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final NodeRouter router;

    public DomainTransfer(NodeRouter router) {
        this.router = router;
    }

    public void transfer(PoolNode donor, PoolNode recipient) {
        TransportKey key = router.callOn(recipient, DEADLINE, s -> s.getTransportKey(
                TransportKeyRequest.newBuilder().setPurpose(TransportKeyPurpose.DOMAIN_BUNDLE).build()));
        DomainKeyBundle bundle = router.callOn(donor, DEADLINE,
                s -> s.exportDomainKeys(ExportDomainKeysRequest.newBuilder().setRecipient(key).build()));
        router.callOn(recipient, DEADLINE, s -> s.importDomainKeys(bundle));
    }
}
