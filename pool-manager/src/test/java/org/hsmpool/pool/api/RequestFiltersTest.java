package org.hsmpool.pool.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checks every request passes before it is matched: api-version and declared body size. */
class RequestFiltersTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "7.0", "7.1", "7.2", "7.3", "7.3-preview", "7.4", "7.4-preview.1", "7.5", "7.6",
            "7.6-preview.1", "7.6-preview.2", "2025-07-01" })
    void theVersionsOfTheSdksAreAccepted(String version) {
        assertThat(ApiVersionFilter.check(List.of(version))).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "", "7", "7.7", "6.0", "8.0", "7.5 ", " 7.5", "7.5-PREVIEW", "7.5-preview.", "7.5-beta",
            "2025-07-02", "2025-06-01-preview", "2016-10-01", "7.50", "latest" })
    void otherVersionsAreRefusedNamingTheAcceptedOnes(String version) {
        assertThat(ApiVersionFilter.check(List.of(version))).hasValueSatisfying(
                message -> assertThat(message).contains("not supported").contains("7.0", "7.6", "2025-07-01"));
    }

    @Test
    void theVersionIsRequiredOnce() {
        assertThat(ApiVersionFilter.check(null)).hasValueSatisfying(m -> assertThat(m).contains("required"));
        assertThat(ApiVersionFilter.check(List.of())).hasValueSatisfying(m -> assertThat(m).contains("required"));
        assertThat(ApiVersionFilter.check(List.of("7.5", "7.5")))
                .hasValueSatisfying(m -> assertThat(m).contains("once"));
        assertThat(ApiVersionFilter.check(Arrays.asList((String) null))).isPresent();
    }

    @Test
    void aDeclaredBodyAboveTheLimitIsRefusedBeforeItIsRead() {
        assertThat(BodyLimitFilter.tooLong(String.valueOf(RequestBodies.MAX_BYTES + 1))).isTrue();
        assertThat(BodyLimitFilter.tooLong("99999999999999999999999999")).isTrue();
        assertThat(BodyLimitFilter.tooLong(String.valueOf(RequestBodies.MAX_BYTES))).isFalse();
        assertThat(BodyLimitFilter.tooLong("0")).isFalse();
        assertThat(BodyLimitFilter.tooLong(null)).isFalse();
        assertThat(BodyLimitFilter.tooLong("")).isFalse();
        assertThat(BodyLimitFilter.tooLong("12, 12")).isFalse();
    }
}
