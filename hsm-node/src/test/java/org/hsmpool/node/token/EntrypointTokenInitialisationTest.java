package org.hsmpool.node.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.hsmpool.node.testing.ProcSampler;
import org.hsmpool.node.testing.TestTokens;
import org.hsmpool.node.testing.TokenLogin;
import org.hsmpool.nodeapi.provision.SoftHsmDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 7 for the node container: the real entrypoint (deploy/containers/node/entrypoint.sh)
 * initialises a token on an empty volume with the mounted PINs while every /proc/*&#47;cmdline and
 * environ is watched; no PIN shows, and the token opens with the user PIN. {@code java} is a stub
 * on PATH, so the entrypoint stops where it would start the node.
 */
class EntrypointTokenInitialisationTest {
    private static final Path ENTRYPOINT = Path.of("..", "deploy", "containers", "node", "entrypoint.sh");

    @TempDir
    Path dir;

    @Test
    void theEntrypointInitialisesATokenWithNoPinInProcAndTheTokenOpensWithIt() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        for (String f : List.of("node.crt", "node.key", "ca.crt")) {
            Files.writeString(conf.resolve(f), "not read by this test\n");
        }
        String userPin = new String(SoftHsmDirectory.pinFile(conf.resolve("user.pin")));
        String soPin = new String(SoftHsmDirectory.pinFile(conf.resolve("so.pin")));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\necho started-node\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Path state = Files.createDirectories(dir.resolve("state"));

        ProcessBuilder pb = new ProcessBuilder("sh", ENTRYPOINT.toString()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("HSMPOOL_NODE_NAME", "node-7");
        pb.environment().put("HSMPOOL_NODE_CONFIG", conf.toString());
        pb.environment().put("HSMPOOL_NODE_STATE_DIR", state.toString());
        pb.environment().put("HSMPOOL_NODE_PKCS11_LIBRARY", TestTokens.LIBRARY);
        pb.environment().put("JAVA_OPTS", "");
        String out;
        int exit;
        ProcSampler sampler = new ProcSampler(List.of(userPin, soPin), "--init-token");
        try {
            Process p = pb.start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            exit = p.waitFor();
        } finally {
            sampler.close();
        }

        assertThat(exit).as(out).isZero();
        assertThat(out).contains("initialising a new SoftHSM2 token").contains("started-node")
                .doesNotContain(userPin).doesNotContain(soPin);
        assertThat(sampler.marked()).as("command lines seen initialising a token").isPositive();
        assertThat(sampler.leaks()).as("processes whose command line or environment held a PIN").isEmpty();
        SoftHsmDirectory volume = new SoftHsmDirectory(state);
        assertThat(volume.listLabels()).containsExactly("node-7");
        assertThat(TokenInitialisationTest.login(volume, "node-7", conf.resolve("user.pin"))).isZero();
    }
}
