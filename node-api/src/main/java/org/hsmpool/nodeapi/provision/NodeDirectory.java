package org.hsmpool.nodeapi.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.hsmpool.nodeapi.pki.PoolCa;
import org.hsmpool.nodeapi.pki.PoolIdentity;

/**
 * The directory of one development node: its SoftHSM2 configuration and token (labelled with the
 * node's name), random user and SO PINs in 0600 files, and its pool-CA certificate. Provisioning
 * is idempotent. {@link #command} is the one way the development runner, {@code hsmpool up} and the
 * tests start a node on it.
 */
public record NodeDirectory(Path dir, String name) {
    public static final String ADD_EXPORTS = "--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED";

    public static NodeDirectory provision(Path dir, String name, PoolCa ca, Path caFile) throws IOException {
        NodeDirectory node = new NodeDirectory(dir.toAbsolutePath(), name);
        SoftHsmDirectory softhsm = new SoftHsmDirectory(node.dir.resolve("softhsm")).prepare();
        char[] pin = SoftHsmDirectory.pinFile(node.pinFile());
        char[] soPin = SoftHsmDirectory.pinFile(node.dir.resolve("so.pin"));
        try {
            softhsm.initToken(name, pin, soPin);
        } finally {
            Arrays.fill(pin, '\0');
            Arrays.fill(soPin, '\0');
        }
        if (!Files.exists(node.certificate())) {
            ca.issue(PoolIdentity.node(name), List.of("localhost", "127.0.0.1"), Duration.ofDays(825))
                    .writeTo(node.dir.resolve("tls"), "node");
            Files.copy(caFile, node.caFile(), StandardCopyOption.REPLACE_EXISTING);
        }
        return node;
    }

    public Path softhsmConf() {
        return dir.resolve("softhsm/softhsm2.conf");
    }

    public Path pinFile() {
        return dir.resolve("user.pin");
    }

    public Path certificate() {
        return dir.resolve("tls/node.crt");
    }

    public Path key() {
        return dir.resolve("tls/node.key");
    }

    public Path caFile() {
        return dir.resolve("tls/ca.crt");
    }

    public Path log() {
        return dir.resolve("node.log");
    }

    /**
     * A process builder that starts the packaged node on this directory, with its own
     * {@code SOFTHSM2_CONF}, its output appended to {@link #log()}; the PIN is read from
     * {@code pinFile} (normally {@link #pinFile()}), never passed on the command line.
     */
    public ProcessBuilder command(String java, Path nodeJar, String library, int port, Path pinFile) {
        return command(java, nodeJar, library, port, pinFile, List.of());
    }

    /** The same, with extra JVM options (system properties) before the node's own. */
    public ProcessBuilder command(String java, Path nodeJar, String library, int port, Path pinFile,
            List<String> jvmOptions) {
        List<String> cmd = new ArrayList<>(List.of(java, ADD_EXPORTS));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of(
                "-Dhsmpool.node.name=" + name, "-Dhsmpool.node.token.label=" + name,
                "-Dhsmpool.node.token.pin-file=" + pinFile, "-Dhsmpool.node.pkcs11.library=" + library,
                "-Dhsmpool.node.port=" + port, "-Dhsmpool.node.tls.certificate=" + certificate(),
                "-Dhsmpool.node.tls.key=" + key(), "-Dhsmpool.node.tls.ca=" + caFile(),
                "-jar", nodeJar.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        pb.environment().put("SOFTHSM2_CONF", softhsmConf().toString());
        pb.environment().remove("HSMPOOL_NODE_TOKEN_PIN");
        return pb;
    }
}
