package org.hsmpool.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.pki.PoolCa;
import org.hsmpool.nodeapi.pki.PoolIdentity;

/** A pool CA with a manager identity in a directory, to start nodes and call them as the manager. */
public final class TestPool {
    private final Path dir;
    private final PoolCa ca;

    public TestPool(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        this.ca = PoolCa.create(dir.getFileName().toString(), Duration.ofDays(2));
        ca.writeTo(dir.resolve("ca"));
        ca.issue(PoolIdentity.manager("manager"), List.of("localhost"), Duration.ofDays(1)).writeTo(dir.resolve("manager"),
                "manager");
    }

    public Path dir() {
        return dir;
    }

    public PoolCa ca() {
        return ca;
    }

    public Path caFile() {
        return dir.resolve("ca/ca.crt");
    }

    public NodeProcess.Builder node(String name) {
        return new NodeProcess.Builder(this, name);
    }

    /** A client with the manager's identity. */
    public NodeClient managerClient(NodeProcess node) {
        return NodeClient.connect("127.0.0.1", node.port(), dir.resolve("manager/manager.crt").toFile(),
                dir.resolve("manager/manager.key").toFile(), caFile().toFile(), Duration.ofSeconds(30));
    }

    /** A client with some other identity issued by this pool's CA (or by a foreign CA). */
    public NodeClient clientAs(NodeProcess node, PoolCa issuer, PoolIdentity identity) throws IOException {
        Path d = dir.resolve("clients/" + identity.role() + "-" + identity.name() + "-" + System.nanoTime());
        issuer.issue(identity, List.of("localhost"), Duration.ofDays(1)).writeTo(d, "client");
        return NodeClient.connect("127.0.0.1", node.port(), d.resolve("client.crt").toFile(),
                d.resolve("client.key").toFile(), caFile().toFile(), Duration.ofSeconds(30));
    }
}
