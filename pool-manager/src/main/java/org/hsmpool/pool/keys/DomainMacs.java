package org.hsmpool.pool.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.hsmpool.nodeapi.v1.DomainMacRequest;
import org.hsmpool.pool.router.NodeRouter;
import org.hsmpool.pool.router.RoutingException;

import com.google.protobuf.ByteString;

/**
 * HMAC-SHA-256 under the pool MAC key H of a document's SHA-256, computed in a node
 * ({@code DomainMac}, one purpose per kind of document, so that no MAC verifies as another's): a
 * document may exceed what one MAC call takes, and only a pool of the same security domain can
 * make or check the MAC. Pool exports and full backups are sealed this way.
 */
public final class DomainMacs {
    private DomainMacs() {
    }

    public static byte[] ofDigest(NodeRouter router, String purpose, byte[] document) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(document);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        DomainMacRequest request = DomainMacRequest.newBuilder().setPurpose(purpose)
                .setData(ByteString.copyFrom(digest)).build();
        try {
            return router.call(0, "domain MAC", s -> s.domainMac(request)).getMac().toByteArray();
        } catch (RoutingException e) {
            throw KeyErrors.translate(e, "the " + purpose + " MAC");
        }
    }
}
