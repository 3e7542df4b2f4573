package org.hsmpool.nodeapi.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a token is initialised: no PIN in the command or its environment, and no shell syntax from a label. */
class SoftHsmDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void theInitTokenCommandHoldsNoPinOptionAndTakesTheLabelFromTheEnvironment() {
        String label = "node-1; echo oops";
        ProcessBuilder pb = new SoftHsmDirectory(dir).initTokenProcess(label);

        assertThat(pb.command()).doesNotContain("--pin", "--so-pin", "--file-pin")
                .noneMatch(arg -> arg.contains(label));
        assertThat(pb.environment()).containsEntry(TokenInitialisation.LABEL_VARIABLE, label)
                .containsEntry("SOFTHSM2_CONF", dir.resolve("softhsm2.conf").toString())
                .doesNotContainKey("HSMPOOL_NODE_TOKEN_PIN");
    }

    @Test
    void thePinsAreTypedTheSoPinTwiceThenTheUserPinTwice() {
        byte[] typed = TokenInitialisation.typedPins("so-pin-1".toCharArray(), "user-pin-2".toCharArray());

        assertThat(new String(typed, StandardCharsets.UTF_8))
                .isEqualTo("so-pin-1\nso-pin-1\nuser-pin-2\nuser-pin-2\n");
    }

    @Test
    void aPinThatCouldEndALineEarlyOrIsTooShortIsRefused() {
        assertThatThrownBy(() -> TokenInitialisation.typedPins("so\npin".toCharArray(), "user-pin".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("so\npin");
        assertThatThrownBy(() -> TokenInitialisation.typedPins("so-pin".toCharArray(), "abc".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLabelWithShellSyntaxIsTakenLiterally() throws Exception {
        Path marker = dir.resolve("pwned");
        String label = "l$(touch " + marker.getFileName() + ")";
        SoftHsmDirectory softhsm = new SoftHsmDirectory(dir.resolve("softhsm"));

        softhsm.initToken(label, "user-pin-1234".toCharArray(), "so-pin-1234".toCharArray());

        assertThat(softhsm.listLabels()).containsExactly(label);
        assertThat(Files.exists(marker)).isFalse();
        assertThat(Files.exists(Path.of("pwned"))).isFalse();
    }
}
