package org.hsmpool.node.it;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.testkit.NodeProcess;
import org.hsmpool.testkit.TestPool;

import com.google.protobuf.ByteString;

/** Two node processes of one test pool, A and B, holding the same domain keys (created in A, moved to B). */
final class DomainPair implements AutoCloseable {
    final TestPool pool;
    final NodeProcess nodeA;
    final NodeProcess nodeB;
    final NodeClient a;
    final NodeClient b;
    final ByteString domainId;

    private DomainPair(TestPool pool, NodeProcess nodeA, NodeProcess nodeB, ByteString domainId) {
        this.pool = pool;
        this.nodeA = nodeA;
        this.nodeB = nodeB;
        this.a = pool.managerClient(nodeA);
        this.b = pool.managerClient(nodeB);
        this.domainId = domainId;
    }

    static DomainPair start(String testName) throws Exception {
        TestPool pool = new TestPool(Nodes.workDir(testName));
        NodeProcess nodeA = pool.node("node-a").start();
        NodeProcess nodeB;
        try {
            nodeB = pool.node("node-b").start();
        } catch (Exception e) {
            nodeA.close();
            throw e;
        }
        DomainPair pair = new DomainPair(pool, nodeA, nodeB, Nodes.newDomainId());
        try {
            nodeA.awaitReady();
            nodeB.awaitReady();
            Nodes.createDomain(pair.a, pair.domainId);
            Nodes.transferDomain(pair.a, pair.b);
        } catch (Exception | AssertionError e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    @Override
    public void close() throws InterruptedException {
        a.close();
        b.close();
        nodeA.close();
        nodeB.close();
    }
}
