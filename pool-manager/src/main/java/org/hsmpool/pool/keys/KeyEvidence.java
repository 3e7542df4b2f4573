package org.hsmpool.pool.keys;

import java.util.List;

/**
 * A node's attestation of a key version: the version as the pool knows it, the node's
 * KeyAttestationDocument (JSON) and the node's certificate chain (DER, leaf first).
 */
public record KeyEvidence(ManagedKey key, byte[] document, List<byte[]> certificateChain) {
    public KeyEvidence {
        document = document.clone();
        certificateChain = List.copyOf(certificateChain);
    }

    @Override
    public byte[] document() {
        return document.clone();
    }
}
