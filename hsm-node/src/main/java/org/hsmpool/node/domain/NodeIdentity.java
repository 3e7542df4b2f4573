package org.hsmpool.node.domain;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import org.hsmpool.nodeapi.pki.PoolIdentity;

/**
 * The node's TLS identity from the pool CA: used to attest the node's transport key, and the
 * pool CA certificates that anchor every peer attestation this node accepts.
 */
public record NodeIdentity(PoolIdentity identity, List<X509Certificate> chain, PrivateKey key,
        List<X509Certificate> poolCa) {
    public NodeIdentity {
        chain = List.copyOf(chain);
        poolCa = List.copyOf(poolCa);
    }

    @Override
    public String toString() {
        return "NodeIdentity[" + identity.uri() + "]";
    }
}
