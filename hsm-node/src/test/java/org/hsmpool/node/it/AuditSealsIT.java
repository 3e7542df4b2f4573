package org.hsmpool.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.List;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.audit.AuditLines;
import org.hsmpool.nodeapi.pki.NodeSignature;
import org.hsmpool.nodeapi.pki.PoolCa;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.nodeapi.v1.AuditCounterRequest;
import org.hsmpool.nodeapi.v1.AuditStatement;
import org.hsmpool.nodeapi.v1.NodeError;
import org.hsmpool.nodeapi.v1.SealAuditRequest;
import org.hsmpool.testkit.NodeProcess;
import org.hsmpool.testkit.TestPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

/**
 * Audit seals on a real node process (issue 14 item 6): the node's seal chain lives in its token,
 * counts 1, 2, 3 across a restart, names each previous seal, is signed by the node's pool-CA
 * identity, and its counter statement answers the caller's nonce; bad input and other callers are
 * refused.
 */
class AuditSealsIT {
    private static final String RECORD = "ab".repeat(32);
    private static TestPool pool;
    private static NodeProcess node;
    private static NodeClient manager;

    @BeforeAll
    static void start() throws Exception {
        pool = new TestPool(Nodes.workDir("audit-seals"));
        node = pool.node("node-1").start().awaitReady();
        manager = pool.managerClient(node);
    }

    @AfterAll
    static void stop() throws Exception {
        if (manager != null) {
            manager.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void sealsCountUpNameTheirPredecessorAndSurviveARestart() throws Exception {
        byte[] nonce = "a nonce of 32 bytes, chosen here".getBytes();
        AuditStatement before = counter(manager, nonce);
        long start = before.getCounter();
        List<AuditStatement> seals = new ArrayList<>();
        seals.add(seal(manager, 10));
        seals.add(seal(manager, 20));
        node.restart();
        node.awaitReady();
        try (NodeClient again = pool.managerClient(node)) {
            seals.add(seal(again, 30));
            byte[] previous = before.getDigest().toByteArray();
            for (int i = 0; i < seals.size(); i++) {
                AuditStatement s = seals.get(i);
                assertThat(s.getCounter()).as("seal %d", i).isEqualTo(start + i + 1);
                assertThat(s.getChainId()).isEqualTo(seals.get(0).getChainId());
                assertThat(s.getDigest().toByteArray()).as("seal %d names the one before", i).isEqualTo(previous);
                byte[] statement = AuditLines.sealStatement(s.getChainId().toByteArray(), s.getCounter(),
                        s.getDigest().toByteArray(), (i + 1) * 10L, RECORD);
                assertThat(verify(s, statement).name()).isEqualTo("node-1");
                previous = AuditLines.digest(statement);
            }
            AuditStatement now = counter(again, nonce);
            assertThat(now.getCounter()).isEqualTo(start + 3);
            assertThat(now.getDigest().toByteArray()).isEqualTo(previous);
            verify(now, AuditLines.counterStatement(now.getChainId().toByteArray(), now.getCounter(),
                    now.getDigest().toByteArray(), nonce));
        }
    }

    @Test
    void aSealCannotBePassedOffAsAnotherRecordOrACounterForAnotherNonce() throws Exception {
        AuditStatement s = seal(manager, 7);
        byte[] otherRecord = AuditLines.sealStatement(s.getChainId().toByteArray(), s.getCounter(),
                s.getDigest().toByteArray(), 8, RECORD);
        assertThatThrownBy(() -> verify(s, otherRecord)).isInstanceOf(SignatureException.class);
        byte[] nonce = new byte[16];
        AuditStatement c = counter(manager, nonce);
        byte[] replayed = AuditLines.counterStatement(c.getChainId().toByteArray(), c.getCounter(),
                c.getDigest().toByteArray(), new byte[17]);
        assertThatThrownBy(() -> verify(c, replayed)).isInstanceOf(SignatureException.class);
    }

    @Test
    void aSealOfAnotherPoolsCaDoesNotVerify() throws Exception {
        AuditStatement s = seal(manager, 5);
        byte[] statement = AuditLines.sealStatement(s.getChainId().toByteArray(), s.getCounter(),
                s.getDigest().toByteArray(), 5, RECORD);
        PoolCa other = PoolCa.create("other-pool", java.time.Duration.ofDays(1));
        assertThatThrownBy(() -> NodeSignature.verifyNode(certificates(s), List.of(other.certificate()),
                s.getSignatureAlgorithm(), AuditLines.STATEMENT_CONTEXT, statement, s.getSignature().toByteArray()))
                .isInstanceOf(SignatureException.class).hasMessageContaining("not issued by the pool CA");
    }

    @Test
    void malformedSealsAndNoncesAreBadRequests() {
        assertBadRequest(() -> manager.call(st -> st.sealAudit(SealAuditRequest.newBuilder().setSealSeq(0)
                .setRecordHash(RECORD).build())));
        assertBadRequest(() -> manager.call(st -> st.sealAudit(SealAuditRequest.newBuilder().setSealSeq(3)
                .setRecordHash(RECORD.toUpperCase()).build())));
        assertBadRequest(() -> manager.call(st -> st.sealAudit(SealAuditRequest.newBuilder().setSealSeq(3).build())));
        assertBadRequest(() -> counter(manager, new byte[15]));
        assertBadRequest(() -> counter(manager, new byte[65]));
    }

    @Test
    void anotherNodeCannotAskForSealsOrCounters() throws Exception {
        long counterBefore = counter(manager, new byte[16]).getCounter();
        try (NodeClient otherNode = pool.clientAs(node, pool.ca(), PoolIdentity.node("node-2"))) {
            assertThatThrownBy(() -> seal(otherNode, 9)).isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                    e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.PEER_NOT_TRUSTED));
            assertThatThrownBy(() -> counter(otherNode, new byte[16]))
                    .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                            e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.PEER_NOT_TRUSTED));
        }
        assertThat(counter(manager, new byte[16]).getCounter()).isEqualTo(counterBefore);
    }

    private static AuditStatement seal(NodeClient client, long seq) {
        return client.call(s -> s.sealAudit(SealAuditRequest.newBuilder().setSealSeq(seq).setRecordHash(RECORD).build()));
    }

    private static AuditStatement counter(NodeClient client, byte[] nonce) {
        return client.call(s -> s.auditCounter(AuditCounterRequest.newBuilder().setNonce(ByteString.copyFrom(nonce))
                .build()));
    }

    private static PoolIdentity verify(AuditStatement s, byte[] statement) throws GeneralSecurityException {
        return NodeSignature.verifyNode(certificates(s), List.of(pool.ca().certificate()), s.getSignatureAlgorithm(),
                AuditLines.STATEMENT_CONTEXT, statement, s.getSignature().toByteArray());
    }

    private static List<java.security.cert.X509Certificate> certificates(AuditStatement s)
            throws GeneralSecurityException {
        return NodeSignature.certificates(s.getCertificateChainList().stream().map(ByteString::toByteArray).toList());
    }

    private static void assertBadRequest(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.BAD_REQUEST));
    }
}
