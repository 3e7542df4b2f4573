package org.hsmpool.cli.sd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

import org.junit.jupiter.api.Test;

/** The words read out on a call: one per byte value, all distinct, the same for the same thumbprint. */
class FingerprintWordsTest {

    @Test
    void everyByteValueHasItsOwnWord() {
        assertThat(FingerprintWords.size()).isEqualTo(256);
        assertThat(FingerprintWords.distinct()).isTrue();
    }

    @Test
    void aThumbprintBecomesTenWordsAndAnotherThumbprintOthers() {
        byte[] digest = new byte[32];
        String zeros = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        digest[9] = (byte) 255;
        String last = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);

        assertThat(FingerprintWords.of(zeros)).isEqualTo("acid acid acid acid acid acid acid acid acid acid");
        assertThat(FingerprintWords.of(last)).isEqualTo("acid acid acid acid acid acid acid acid acid cashew");
    }
}
