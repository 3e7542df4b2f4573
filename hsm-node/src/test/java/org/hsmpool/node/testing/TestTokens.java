package org.hsmpool.node.testing;

import java.nio.file.Path;
import java.util.List;

import org.hsmpool.nodeapi.provision.SoftHsmDirectory;
import org.hsmpool.node.token.Pkcs11Token;
import org.hsmpool.node.token.TokenConfig;
import org.hsmpool.testkit.NodeProcess;

/**
 * Real SoftHSM2 tokens for in-process tests. The test JVM's SOFTHSM2_CONF (set by surefire) points
 * into {@code target/test-tokens/in-process}; the tokens are initialised before the first PKCS#11
 * call of the JVM, because SoftHSM2 reads its token directory at C_Initialize.
 */
public final class TestTokens {
    public static final String LIBRARY = NodeProcess.LIBRARY;
    public static final char[] USER_PIN = "test-user-pin".toCharArray();
    public static final char[] SO_PIN = "test-so-pin".toCharArray();
    public static final List<String> LABELS = List.of("unit-a", "unit-b", "unit-c", "unit-d", "unit-e");

    private static boolean initialised;

    private TestTokens() {
    }

    public static synchronized SoftHsmDirectory directory() {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null) {
            throw new IllegalStateException("SOFTHSM2_CONF must be set for in-process token tests (surefire does)");
        }
        SoftHsmDirectory dir = new SoftHsmDirectory(Path.of(conf).getParent());
        if (!initialised) {
            try {
                dir.prepare();
                for (String label : LABELS) {
                    dir.initToken(label, USER_PIN, SO_PIN);
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot prepare SoftHSM2 test tokens: " + e.getMessage(), e);
            }
            initialised = true;
        }
        return dir;
    }

    public static Pkcs11Token open(String label) {
        directory();
        return Pkcs11Token.open(TokenConfig.of(LIBRARY, label, USER_PIN.clone()));
    }

    public static TokenConfig config(String label, char[] pin) {
        directory();
        return TokenConfig.of(LIBRARY, label, pin);
    }
}
