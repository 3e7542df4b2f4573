package org.hsmpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.hsmpool.cli.common.Host;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * An option's value may begin with '-': a base64url signature does one time in 64, and one that starts like a
 * known short option ({@code -V}, {@code -h}, {@code -o}) was read as that option and the command refused.
 */
class OptionValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"-V3RHxq", "-h9Zk", "-o_w", "-", "-x"})
    void aSignatureThatBeginsWithADashIsTheSignature(String signature) {
        CommandLine cli = HsmPool.commandLine(Host.system());
        ParseResult parsed = cli.parseArgs("key", "verify", "my-key", "--signature", signature, "--in", "data.bin");

        ParseResult verify = parsed.subcommand().subcommand();
        assertThat(verify.commandSpec().name()).isEqualTo("verify");
        assertThat((String) verify.matchedOptionValue("--signature", null)).isEqualTo(signature);
        assertThat(verify.matchedOptionValue("--in", null).toString()).isEqualTo("data.bin");
        assertThat(verify.isVersionHelpRequested()).isFalse();
        assertThat(verify.isUsageHelpRequested()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-V3RHxq", "-o_w"})
    void theSameValueWithEqualsIsAlsoTheSignature(String signature) {
        ParseResult parsed = HsmPool.commandLine(Host.system())
                .parseArgs(List.of("key", "verify", "my-key", "--signature=" + signature).toArray(String[]::new));

        assertThat((String) parsed.subcommand().subcommand().matchedOptionValue("--signature", null)).isEqualTo(signature);
    }
}
