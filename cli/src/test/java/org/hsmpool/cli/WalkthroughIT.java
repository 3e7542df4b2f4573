package org.hsmpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's five-minute walkthrough, run by {@code deploy/local/walkthrough.sh} as a user pastes
 * it, against a fresh {@code ./hsmpool up --demo}, with the Azure SDK for Java snippet run on this
 * test's class path (which holds the SDK).
 */
class WalkthroughIT {
    private static final Path HOME = Path.of(System.getProperty("hsmpool.home", "..")).toAbsolutePath().normalize();

    @TempDir
    Path work;

    private static boolean python() throws Exception {
        if (!java.nio.file.Files.isExecutable(Path.of("/usr/bin/python3"))) {
            return false;
        }
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import azure.keyvault.keys").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    @Test
    void theReadmeWalkthroughWorksAsWritten() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(HOME.resolve("deploy/local/walkthrough.sh").toString(), work.toString())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // failsafe's own list of the test class path (java.class.path may be a manifest-only jar)
        pb.environment().put("AZURE_SDK_CLASSPATH", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")));
        // the walkthrough's java is the one this test runs on
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + System.getenv("PATH"));
        pb.environment().remove("HSMPOOL_PORT");
        // the JavaScript SDK that pool-manager's JsSdkSmokeIT installed, for the 'env --sdk js' snippet
        pb.environment().put("HSMPOOL_JS_SDK", HOME.resolve("pool-manager/target/js-sdk-smoke/node_modules").toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).as(output).isTrue();

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("pool Activated").contains("valid").contains("\"value\"")
                .contains("signed with ").contains(": valid").contains("walkthrough: done");
        assertThat(output).doesNotContain("was not run");
        // the snippets of 'hsmpool env --sdk': java always, python and az where Debian's python3-azure and azure-cli are
        // installed (the test command installs them), js where pool-manager's SDK test installed the SDK
        assertThat(output).contains("1 keys in https://localhost:");
        if (python()) {
            assertThat(output).doesNotContain("skipped the python snippet");
        }
        if (java.nio.file.Files.isDirectory(HOME.resolve("pool-manager/target/js-sdk-smoke/node_modules/@azure/keyvault-keys"))) {
            assertThat(output).doesNotContain("skipped the js snippet");
        }
        if (java.nio.file.Files.isExecutable(Path.of("/usr/bin/az"))) {
            assertThat(output).doesNotContain("skipped the az snippet");
        }
    }
}
