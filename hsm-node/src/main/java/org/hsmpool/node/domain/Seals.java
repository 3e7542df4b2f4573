package org.hsmpool.node.domain;

import java.security.MessageDigest;
import java.util.Set;

import org.hsmpool.node.crypto.KeyOperation;
import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.token.KeySpec;
import org.hsmpool.node.token.ObjectId;
import org.hsmpool.node.token.PublicKeyMaterial;
import org.hsmpool.node.token.SignMechanism;
import org.hsmpool.node.token.Token;
import org.hsmpool.nodeapi.v1.SealedKey;
import org.hsmpool.nodeapi.v1.WrappedKeyBody;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * The sealed form of a key version, for token keys and node-held (ML-DSA) keys alike: the private
 * half wrapped under W with the key's description, MACed with H inside the token. {@link #open}
 * checks the MAC before anything is unwrapped.
 */
final class Seals {
    static final int FORMAT = 1;

    private final Token token;
    private final DomainKeys domain;

    Seals(Token token, DomainKeys domain) {
        this.token = token;
        this.domain = domain;
    }

    /** Seal a key version whose private half {@code wrapped} is already wrapped under W. */
    byte[] seal(ObjectId id, KeySpec spec, Set<KeyOperation> ops, PublicKeyMaterial publicKey, byte[] wrapped) {
        byte[] domainId = domain.domainId().orElseThrow();
        byte[] body = WrappedKeyBody.newBuilder().setFormat(FORMAT).setDomainId(ByteString.copyFrom(domainId))
                .setKeyId(id.value()).setSpec(KeyForms.spec(spec)).addAllOps(KeyForms.ops(ops))
                .setPublicKey(KeyForms.publicKey(publicKey)).setWrappedPrivate(ByteString.copyFrom(wrapped))
                .build().toByteArray();
        byte[] mac = token.sign(domain.macKey(), new SignMechanism.HmacSha256(), body);
        return SealedKey.newBuilder().setBody(ByteString.copyFrom(body)).setMac(ByteString.copyFrom(mac)).build()
                .toByteArray();
    }

    /** Parse and authenticate a sealed key; nothing is unwrapped here. */
    WrappedKeyBody open(byte[] sealed) {
        SealedKey outer;
        WrappedKeyBody body;
        try {
            outer = SealedKey.parseFrom(sealed);
            body = WrappedKeyBody.parseFrom(outer.getBody());
        } catch (InvalidProtocolBufferException e) {
            throw NodeException.badRequest("the sealed key is malformed");
        }
        if (body.getFormat() != FORMAT) {
            throw NodeException.badRequest("unknown sealed key format " + body.getFormat());
        }
        byte[] ours = domain.domainId().orElseThrow(() -> new NodeException(NodeException.Reason.NO_DOMAIN,
                "this node holds no domain keys yet, so it cannot import keys"));
        if (!MessageDigest.isEqual(ours, body.getDomainId().toByteArray())) {
            throw new NodeException(NodeException.Reason.WRONG_DOMAIN,
                    "the key was sealed in another security domain and cannot be imported here");
        }
        boolean authentic = outer.getMac().size() == 32 && token.verify(domain.macKey(),
                new SignMechanism.HmacSha256(), outer.getBody().toByteArray(), outer.getMac().toByteArray());
        if (!authentic) {
            throw new NodeException(NodeException.Reason.INTEGRITY,
                    "the sealed key does not authenticate under this domain's MAC key: it was altered or sealed "
                            + "under other domain keys");
        }
        return body;
    }

    /** The body of a sealed key this node stored itself (its MAC was checked when it came in). */
    static WrappedKeyBody bodyOf(byte[] sealed) {
        try {
            return WrappedKeyBody.parseFrom(SealedKey.parseFrom(sealed).getBody());
        } catch (InvalidProtocolBufferException e) {
            throw new NodeException(NodeException.Reason.INTEGRITY, "a sealed key kept in the token is malformed");
        }
    }
}
