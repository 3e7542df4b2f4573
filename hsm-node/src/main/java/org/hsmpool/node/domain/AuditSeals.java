package org.hsmpool.node.domain;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.token.ObjectId;
import org.hsmpool.node.token.Token;
import org.hsmpool.nodeapi.audit.AuditLines;
import org.hsmpool.nodeapi.pki.NodeSignature;
import org.hsmpool.nodeapi.pki.TransportKeyAttestation;

/**
 * This node's audit seal chain (issue 14 item 6). Its state lives in the token, not in the
 * manager's store: a private data object {@value #STATE_NAME} holding a chain id, a counter and the
 * digest of the last seal statement. Each seal moves the counter up by one and names the previous
 * seal, and the node signs it with its pool-CA identity key, so a verifier with only the pool CA can
 * check a seal offline, and a rolled-back store and audit file show up as a gap: the node's signed
 * counter statement names a seal the file lacks, and a seal made after the rollback names a
 * predecessor the file lacks.
 *
 * <p>The state is written (create new object, destroy old) before the seal is returned, so a counter
 * is never handed out twice; after a crash between the two steps the token holds two states and the
 * higher counter wins.
 */
public final class AuditSeals {
    static final String STATE_NAME = "hsmpool.audit-seal";
    private static final ObjectId STATE = ObjectId.of(STATE_NAME);
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final byte FORMAT = 1;
    private static final int STATE_BYTES = 1 + 16 + 8 + 32;

    private final Token token;
    private final Supplier<NodeIdentity> identity;

    /** A signed seal or counter statement and the facts it states. */
    public record Statement(byte[] chainId, long counter, byte[] digest, String algorithm, byte[] signature,
            List<byte[]> certificateChain) {
    }

    private record State(byte[] chainId, long counter, byte[] last) {
        byte[] encode() {
            return ByteBuffer.allocate(STATE_BYTES).put(FORMAT).put(chainId).putLong(counter).put(last).array();
        }

        static State decode(byte[] value) {
            if (value.length != STATE_BYTES || value[0] != FORMAT) {
                throw new NodeException(NodeException.Reason.TOKEN_ERROR, "the token's audit seal state is not in a "
                        + "format this node reads");
            }
            ByteBuffer b = ByteBuffer.wrap(value, 1, STATE_BYTES - 1);
            byte[] chain = new byte[16];
            b.get(chain);
            long counter = b.getLong();
            byte[] last = new byte[32];
            b.get(last);
            return new State(chain, counter, last);
        }
    }

    public AuditSeals(Token token, Supplier<NodeIdentity> identity) {
        this.token = token;
        this.identity = identity;
    }

    /** Seal record {@code sealSeq}, whose predecessor's hash is {@code recordHash}. */
    public synchronized Statement seal(long sealSeq, String recordHash) {
        if (sealSeq < 1) {
            throw NodeException.badRequest("seal_seq must be a record number (1 or more), got " + sealSeq);
        }
        if (recordHash == null || !HASH.matcher(recordHash).matches()) {
            throw NodeException.badRequest("record_hash must be 64 lowercase hex characters");
        }
        State now = current().orElseGet(() -> new State(token.random(16), 0,
                AuditLines.NO_SEAL));
        long counter = now.counter() + 1;
        byte[] statement = AuditLines.sealStatement(now.chainId(), counter, now.last(), sealSeq, recordHash);
        Statement signed = sign(now.chainId(), counter, now.last(), statement);
        // kept before it is answered: a counter is never signed into two different seals
        State next = new State(now.chainId(), counter, AuditLines.digest(statement));
        token.replaceData(STATE, next.encode());
        return signed;
    }

    /** The chain's counter and last seal digest, signed over {@code nonce}. */
    public synchronized Statement counter(byte[] nonce) {
        if (nonce.length < 16 || nonce.length > 64) {
            throw NodeException.badRequest("the nonce must be 16 to 64 bytes, got " + nonce.length);
        }
        State now = current().orElse(null);
        byte[] chain = now == null ? new byte[16] : now.chainId();
        long counter = now == null ? 0 : now.counter();
        byte[] last = now == null ? AuditLines.NO_SEAL : now.last();
        return sign(chain, counter, last, AuditLines.counterStatement(chain, counter, last, nonce));
    }

    private java.util.Optional<State> current() {
        List<byte[]> values = token.data(STATE);
        State best = null;
        for (byte[] v : values) {
            State s = State.decode(v);
            if (best == null || s.counter() > best.counter()) {
                best = s;
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    private Statement sign(byte[] chain, long counter, byte[] digest, byte[] statement) {
        NodeIdentity me = identity.get();
        try {
            byte[] signature = NodeSignature.sign(me.key(), AuditLines.STATEMENT_CONTEXT, statement);
            List<byte[]> certificates = new ArrayList<>();
            for (X509Certificate c : me.chain()) {
                certificates.add(c.getEncoded());
            }
            return new Statement(chain, counter, digest, TransportKeyAttestation.algorithmFor(me.key()), signature,
                    certificates);
        } catch (CertificateEncodingException e) {
            throw new NodeException(NodeException.Reason.TOKEN_ERROR, "cannot encode the node certificate: "
                    + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new NodeException(NodeException.Reason.TOKEN_ERROR, "cannot sign the audit statement: "
                    + e.getMessage());
        }
    }
}
