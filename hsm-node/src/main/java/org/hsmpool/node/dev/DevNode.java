package org.hsmpool.node.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.pki.PoolCa;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.nodeapi.provision.NodeDirectory;
import org.hsmpool.nodeapi.provision.SoftHsmDirectory;
import org.hsmpool.nodeapi.v1.HealthRequest;
import org.hsmpool.nodeapi.v1.InfoRequest;
import org.hsmpool.nodeapi.v1.NodeInfo;

/**
 * Development mode: start one hsm-node on a SoftHSM2 token of its own. Creates (once) a pool CA,
 * a manager identity, a token directory with its own softhsm2.conf, a token with random PINs in
 * 0600 files, and the node's certificate; then runs the packaged node with SOFTHSM2_CONF set,
 * checks it as the manager would, and stays in the foreground until interrupted.
 *
 * <pre>java -cp 'hsm-node/target/quarkus-app/app/*:hsm-node/target/quarkus-app/lib/main/*' \
 *      org.hsmpool.node.dev.DevNode [DIR] [NAME] [PORT]</pre>
 */
public final class DevNode {
    private DevNode() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : ".hsmpool/dev-node").toAbsolutePath();
        String name = args.length > 1 ? args[1] : "node-1";
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 9443;
        Path jar = Path.of(System.getProperty("hsmpool.node.jar", "hsm-node/target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(jar)) {
            fail("the node is not built: " + jar + " is missing (run ./mvnw -pl hsm-node -am package -DskipTests)");
        }

        PoolCa ca = pki(dir);
        NodeDirectory nodeDir = NodeDirectory.provision(dir.resolve(name), name, ca, dir.resolve("ca/ca.crt"));
        String java = ProcessHandle.current().info().command().orElse("java");
        String library = System.getProperty("hsmpool.node.pkcs11.library", SoftHsmDirectory.DEFAULT_LIBRARY);
        ProcessBuilder pb = nodeDir.command(java, jar, library, port, nodeDir.pinFile()).inheritIO();
        Process node = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(node::destroy));

        check(dir, name, port, node);
        System.exit(node.waitFor());
    }

    private static PoolCa pki(Path dir) throws IOException {
        Path caDir = dir.resolve("ca");
        if (Files.exists(caDir.resolve("ca.crt"))) {
            return PoolCa.load(caDir.resolve("ca.crt"), caDir.resolve("ca.key"));
        }
        PoolCa ca = PoolCa.create("dev", Duration.ofDays(3650));
        ca.writeTo(caDir);
        ca.issue(PoolIdentity.manager("manager"), List.of("localhost"), Duration.ofDays(365))
                .writeTo(dir.resolve("manager"), "manager");
        return ca;
    }

    /** Call the node as the manager does, and print what it answers. */
    private static void check(Path dir, String name, int port, Process node) throws Exception {
        Instant until = Instant.now().plusSeconds(60);
        Exception last = null;
        while (Instant.now().isBefore(until) && node.isAlive()) {
            try (NodeClient c = NodeClient.connect("127.0.0.1", port, dir.resolve("manager/manager.crt").toFile(),
                    dir.resolve("manager/manager.key").toFile(), dir.resolve("ca/ca.crt").toFile(),
                    Duration.ofSeconds(5))) {
                NodeInfo info = c.call(s -> s.info(InfoRequest.getDefaultInstance()));
                String health = c.call(s -> s.health(HealthRequest.getDefaultInstance())).getStatus().name();
                System.out.printf("%n%s is %s on 127.0.0.1:%d: token '%s' (%s %s), %d mechanisms, %d keys, domain keys %s%n"
                        + "  manager identity: %s%n  pool CA:          %s%n  press Ctrl-C to stop%n%n",
                        name, health, port, info.getTokenLabel(), info.getTokenManufacturer(), info.getTokenModel(),
                        info.getMechanismsCount(), info.getKeyCount(),
                        info.getDomainInstalled() ? "installed" : "not installed yet",
                        dir.resolve("manager/manager.crt"), dir.resolve("ca/ca.crt"));
                return;
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(300);
            }
        }
        if (!node.isAlive()) {
            fail("the node exited with code " + node.exitValue() + " (see its output above)");
        }
        fail("the node did not answer within 60 s: " + (last == null ? "" : last.getMessage()));
    }

    private static void fail(String message) {
        System.err.println("hsm-node dev: " + message);
        System.exit(1);
    }
}
