package org.hsmpool.pool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.pool.api.Requests.rejected;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyPathTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "k", "my-key-1", "ABC-def-123", "-" })
    void keyNamesOfLettersDigitsAndDashesAreAccepted(String name) {
        assertThat(KeyPath.name(name)).isEqualTo(name);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "", "my_key", "my key", "my.key", "ключ", "k/1", "k%2F1" })
    void otherKeyNamesAreBadParameter(String name) {
        assertThat(rejected(() -> KeyPath.name(name)).code()).isEqualTo("BadParameter");
    }

    @Test
    void aNameIsAtMost127CharactersAndPresent() {
        assertThat(KeyPath.name("a".repeat(127))).hasSize(127);
        assertThat(rejected(() -> KeyPath.name("a".repeat(128))).code()).isEqualTo("BadParameter");
        assertThat(rejected(() -> KeyPath.name(null)).code()).isEqualTo("BadParameter");
    }

    @Test
    void anAbsentOrEmptyVersionMeansTheLatest() {
        assertThat(KeyPath.version(null)).isNull();
        assertThat(KeyPath.version("")).isNull();
    }

    @Test
    void versionsAre32HexCharactersReadInLowerCase() {
        assertThat(KeyPath.version("0123456789abcdef0123456789ABCDEF")).isEqualTo("0123456789abcdef0123456789abcdef");
        for (String bad : new String[] { "0123", "versions", "0123456789abcdef0123456789abcdeg",
                "0123456789abcdef0123456789abcdef0" }) {
            assertThat(rejected(() -> KeyPath.version(bad)).getMessage()).as(bad)
                    .isEqualTo("a key version is 32 hexadecimal characters");
        }
    }

    @Test
    void theKeyIdentifierIsBuiltFromTheAddressTheClientUsed() {
        assertThat(KeyPath.kid(URI.create("https://localhost:8443/"), "k1", "00ff"))
                .isEqualTo("https://localhost:8443/keys/k1/00ff");
        assertThat(KeyPath.kid(URI.create("https://hsm.example"), "k1", "00ff"))
                .isEqualTo("https://hsm.example/keys/k1/00ff");
    }

    @Test
    void operationsAreNamedByTheirLowerCasePathSegment() {
        assertThat(KeyOperation.fromPath("wrapkey")).contains(KeyOperation.WRAP_KEY);
        assertThat(KeyOperation.fromPath("unwrapkey")).contains(KeyOperation.UNWRAP_KEY);
        assertThat(KeyOperation.fromPath("sign")).contains(KeyOperation.SIGN);
        assertThat(KeyOperation.fromPath("wrapKey")).isEmpty();
        assertThat(KeyOperation.fromPath("create")).isEmpty();
        assertThat(KeyOperation.fromPath(null)).isEmpty();
    }
}
