package org.hsmpool.pool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Base64UrlTest {

    @Test
    void everyLengthRoundTripsWithoutPadding() {
        Random random = new Random(7);
        for (int length = 0; length <= 64; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String text = Base64Url.encode(bytes);
            assertThat(text).doesNotContain("=", "+", "/");
            assertThat(Base64Url.decode("value", text)).isEqualTo(bytes);
        }
    }

    @Test
    void decodesWhatKeyVaultExamplesSend() {
        assertThat(Base64Url.decode("value", "MTIzNA")).containsExactly('1', '2', '3', '4');
        assertThat(Base64Url.decode("e", "AQAB")).containsExactly(1, 0, 1);
        assertThat(Base64Url.decode("value", "_-8")).containsExactly(0xff, 0xef);
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = { "AA==", "AAA=", "AQAB=", "+/8", "/w", "AA AA", " AQAB", "AQAB\n", "A", "AAAAA",
            "AB", "AAB", "QR", "é", "AQ.B", "AQ%42" })
    void refusesPaddingOtherAlphabetsImpossibleLengthsAndNonCanonicalBits(String text) {
        assertThatThrownBy(() -> Base64Url.decode("digest", text))
                .isInstanceOfSatisfying(KeyVaultException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("BadParameter");
                    assertThat(e.getMessage()).startsWith("digest ").contains("base64url");
                });
    }

    @Test
    void emptyTextIsNoBytes() {
        assertThat(Base64Url.decode("aad", "")).isEmpty();
    }
}
