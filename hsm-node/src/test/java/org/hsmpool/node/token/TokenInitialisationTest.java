package org.hsmpool.node.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hsmpool.node.testing.ProcSampler;
import org.hsmpool.node.testing.TestTokens;
import org.hsmpool.node.testing.TokenLogin;
import org.hsmpool.nodeapi.provision.SoftHsmDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 7, as an attacker on the same machine would try it: while real tokens are
 * initialised by {@link SoftHsmDirectory#initToken}, read every process's command line and every
 * readable environment; no PIN may show. The tokens must still open with their PINs afterwards.
 */
class TokenInitialisationTest {
    private static final int TOKENS = 3;

    @TempDir
    Path dir;

    @Test
    void pinsNeverShowInProcWhileTokensAreInitialisedAndTheTokensOpenWithThem() throws Exception {
        SoftHsmDirectory softhsm = new SoftHsmDirectory(dir.resolve("softhsm")).prepare();
        List<String> pins = new ArrayList<>();
        List<Path> userPinFiles = new ArrayList<>();
        for (int i = 0; i < TOKENS; i++) {
            Path user = dir.resolve("user-" + i + ".pin");
            pins.add(new String(SoftHsmDirectory.pinFile(user)));
            pins.add(new String(SoftHsmDirectory.pinFile(dir.resolve("so-" + i + ".pin"))));
            userPinFiles.add(user);
        }

        ProcSampler sampler = new ProcSampler(pins, "--init-token");
        try {
            for (int i = 0; i < TOKENS; i++) {
                softhsm.initToken("attack-" + i, SoftHsmDirectory.pinFile(userPinFiles.get(i)),
                        SoftHsmDirectory.pinFile(dir.resolve("so-" + i + ".pin")));
            }
        } finally {
            sampler.close();
        }

        assertThat(sampler.marked()).as("command lines seen initialising a token").isPositive();
        assertThat(sampler.leaks()).as("processes whose command line or environment held a PIN").isEmpty();
        assertThat(softhsm.listLabels()).contains("attack-0", "attack-1", "attack-2");
        for (int i = 0; i < TOKENS; i++) {
            assertThat(login(softhsm, "attack-" + i, userPinFiles.get(i))).as("login with the user PIN").isZero();
        }
        Path wrong = dir.resolve("wrong.pin");
        Files.writeString(wrong, "not-the-pin-0000", StandardCharsets.UTF_8);
        assertThat(login(softhsm, "attack-0", wrong)).as("login with a wrong PIN").isEqualTo(2);
    }

    @Test
    void theSamplerSeesASecretOnACommandLine() throws Exception {
        // the control: the same sampler does catch a secret that is put in argv
        String secret = "control-" + System.nanoTime();
        ProcSampler sampler = new ProcSampler(List.of(secret), secret);
        try {
            new ProcessBuilder("sh", "-c", "sleep 0.5", secret).start().waitFor();
        } finally {
            sampler.close();
        }
        assertThat(sampler.leaks()).isNotEmpty();
    }

    /** Logs in in a JVM of its own, where SOFTHSM2_CONF can point at this test's directory. */
    static int login(SoftHsmDirectory softhsm, String label, Path pinFile) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java,
                "--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), TokenLogin.class.getName(), TestTokens.LIBRARY, label,
                pinFile.toString()).redirectErrorStream(true);
        pb.environment().put("SOFTHSM2_CONF", softhsm.confFile().toString());
        Process p = pb.start();
        p.getInputStream().transferTo(System.out);
        return p.waitFor();
    }
}
