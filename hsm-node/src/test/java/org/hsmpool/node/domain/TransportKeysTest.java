package org.hsmpool.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.testing.TestTokens;
import org.hsmpool.node.token.Pkcs11Token;
import org.hsmpool.node.token.PublicKeyMaterial;
import org.hsmpool.node.token.Token;
import org.hsmpool.nodeapi.pki.PoolCa;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.nodeapi.pki.TransportKeyAttestation.Purpose;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node's transport key pairs are made on first use, in a real SoftHSM2 token: nothing at
 * construction (a node start), exactly one pair per purpose however many callers race for it or
 * ask again, attested by the node certificate as before, and found again by a later process.
 */
class TransportKeysTest {
    private static final PoolCa CA = PoolCa.create("transport-test", Duration.ofDays(1));
    private static Pkcs11Token token;
    private static NodeIdentity identity;

    @BeforeAll
    static void open() {
        token = TestTokens.open("unit-d");
        PoolCa.Issued issued = CA.issue(PoolIdentity.node("node-t"), List.of("127.0.0.1"), Duration.ofDays(1));
        identity = new NodeIdentity(issued.identity(), List.of(issued.certificate(), CA.certificate()), issued.key(),
                List.of(CA.certificate()));
        destroyTransportKeys();
    }

    @AfterAll
    static void close() {
        destroyTransportKeys();
        token.close();
    }

    private static void destroyTransportKeys() {
        for (Purpose p : Purpose.values()) {
            token.destroy(TransportKeys.objectId(p));
        }
    }

    /** The real token, counting the key generations asked of it. */
    private static Token counting(AtomicInteger generations) {
        return (Token) Proxy.newProxyInstance(Token.class.getClassLoader(), new Class<?>[] {Token.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("generate")) {
                        generations.incrementAndGet();
                    }
                    try {
                        return method.invoke(token, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void concurrentFirstUsesGetOnePairAttestedByTheNodeAndALaterProcessFindsIt() throws Exception {
        AtomicInteger generations = new AtomicInteger();
        TransportKeys keys = new TransportKeys(counting(generations), () -> identity);
        for (Purpose p : Purpose.values()) {
            assertThat(token.find(TransportKeys.objectId(p))).as("made at construction: %s", p).isEmpty();
        }
        assertThat(generations).hasValue(0);

        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<TransportKeys.Attested>> answers = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < callers; i++) {
                Purpose purpose = Purpose.values()[i % Purpose.values().length];
                answers.add(pool.submit(() -> {
                    go.await();
                    return keys.own(purpose);
                }));
            }
            go.countDown();
            List<TransportKeys.Attested> got = new ArrayList<>();
            for (Future<TransportKeys.Attested> f : answers) {
                got.add(f.get(120, TimeUnit.SECONDS));
            }
            assertThat(generations).as("one generation per purpose").hasValue(Purpose.values().length);
            for (Purpose p : Purpose.values()) {
                List<TransportKeys.Attested> same = got.stream().filter(a -> a.purpose() == p).toList();
                assertThat(same).hasSize(callers / Purpose.values().length);
                same.forEach(a -> assertThat(a.publicKeyDer()).isEqualTo(same.get(0).publicKeyDer()));
            }
        } finally {
            pool.shutdownNow();
        }

        // what a peer of the same pool checks: each key verifies for its purpose only
        TransportKeys peer = new TransportKeys(token, () -> identity);
        for (Purpose p : Purpose.values()) {
            TransportKeys.Attested a = keys.own(p);
            TransportKeys.Peer verified = peer.verifyPeer(a, p);
            assertThat(verified.identity()).isEqualTo(PoolIdentity.node("node-t"));
            PublicKeyMaterial.Rsa inToken = (PublicKeyMaterial.Rsa) token.find(TransportKeys.objectId(p))
                    .orElseThrow().publicKey();
            assertThat(verified.publicKey()).isEqualTo(inToken);
            assertThat(inToken.bits()).isEqualTo(3072);
            Purpose other = p == Purpose.DOMAIN_BUNDLE ? Purpose.CLIENT_KEY_IMPORT : Purpose.DOMAIN_BUNDLE;
            TransportKeys.Attested relabelled = new TransportKeys.Attested(a.publicKeyDer(), a.certificateChainDer(),
                    a.signature(), a.signatureAlgorithm(), null);
            assertThatThrownBy(() -> peer.verifyPeer(relabelled, other)).isInstanceOfSatisfying(NodeException.class,
                    e -> assertThat(e.reason()).isEqualTo(NodeException.Reason.PEER_NOT_TRUSTED));
        }

        // asking again, many times, makes nothing new
        for (int i = 0; i < 50; i++) {
            keys.own(Purpose.values()[i % 2]);
        }
        assertThat(generations).hasValue(Purpose.values().length);

        // a restart: a new process finds the pairs in the token (kept across restarts, as designed)
        AtomicInteger afterRestart = new AtomicInteger();
        TransportKeys restarted = new TransportKeys(counting(afterRestart), () -> identity);
        for (Purpose p : Purpose.values()) {
            assertThat(restarted.own(p).publicKeyDer()).isEqualTo(keys.own(p).publicKeyDer());
        }
        assertThat(afterRestart).hasValue(0);
    }
}
