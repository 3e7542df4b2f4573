package org.hsmpool.node.rpc;

import java.util.ArrayList;
import java.util.List;

import org.hsmpool.node.domain.TransportKeys;
import org.hsmpool.nodeapi.pki.TransportKeyAttestation.Purpose;
import org.hsmpool.nodeapi.v1.TransportKey;
import org.hsmpool.nodeapi.v1.TransportKeyPurpose;

import com.google.protobuf.ByteString;

/** The contract's transport keys and purposes, and the node's. */
final class TransportKeyForms {
    private TransportKeyForms() {
    }

    static TransportKey message(TransportKeys.Attested a) {
        TransportKey.Builder b = TransportKey.newBuilder().setPublicKey(ByteString.copyFrom(a.publicKeyDer()))
                .setSignature(ByteString.copyFrom(a.signature())).setSignatureAlgorithm(a.signatureAlgorithm())
                .setPurpose(switch (a.purpose()) {
                    case DOMAIN_BUNDLE -> TransportKeyPurpose.DOMAIN_BUNDLE;
                    case CLIENT_KEY_IMPORT -> TransportKeyPurpose.CLIENT_KEY_IMPORT;
                });
        a.certificateChainDer().forEach(c -> b.addCertificateChain(ByteString.copyFrom(c)));
        return b.build();
    }

    static TransportKeys.Attested attested(TransportKey t) {
        List<byte[]> chain = new ArrayList<>();
        t.getCertificateChainList().forEach(c -> chain.add(c.toByteArray()));
        return new TransportKeys.Attested(t.getPublicKey().toByteArray(), chain, t.getSignature().toByteArray(),
                t.getSignatureAlgorithm(), purpose(t.getPurpose()));
    }

    /** The node's purpose for the contract's, or null when the message names none. */
    static Purpose purpose(TransportKeyPurpose p) {
        return switch (p) {
            case DOMAIN_BUNDLE -> Purpose.DOMAIN_BUNDLE;
            case CLIENT_KEY_IMPORT -> Purpose.CLIENT_KEY_IMPORT;
            default -> null;
        };
    }
}
