package org.hsmpool.pool.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.hsmpool.pool.api.DomainErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RotationPolicyTest {
    private static final Instant T = Instant.parse("2026-01-31T00:00:00Z");

    private static RotationPolicy policy(String trigger, String duration, String expiry) {
        return new RotationPolicy(List.of(new RotationPolicy.LifetimeAction(trigger, duration, RotationPolicy.ROTATE)),
                expiry, null, null);
    }

    @Test
    void durationsWithCalendarUnitsCountInUtc() {
        assertThat(RotationPolicy.plus(T, "P1M")).isEqualTo(Instant.parse("2026-02-28T00:00:00Z"));
        assertThat(RotationPolicy.plus(T, "P1Y")).isEqualTo(Instant.parse("2027-01-31T00:00:00Z"));
        assertThat(RotationPolicy.plus(T, "P2W")).isEqualTo(Instant.parse("2026-02-14T00:00:00Z"));
        assertThat(RotationPolicy.plus(T, "PT90S")).isEqualTo(T.plusSeconds(90));
        assertThat(RotationPolicy.plus(T, "P1DT1H")).isEqualTo(T.plusSeconds(25 * 3600));
        assertThat(RotationPolicy.minus(T, "P30D")).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "P", "PT", "P0D", "-P1D", "P1X", "1D", "PT-5S", "P99999999999999999999Y"})
    void badDurationsAreBadParameter(String duration) {
        assertThatThrownBy(() -> RotationPolicy.plus(T, duration)).isInstanceOfSatisfying(KeyException.class,
                e -> assertThat(DomainErrors.of(e).status()).isEqualTo(400));
    }

    @Test
    void rotationIsDueAfterCreationOrBeforeExpiry() {
        assertThat(policy(RotationPolicy.AFTER_CREATE, "P90D", null).rotationDue(T, null)).isEqualTo(T.plus(
                java.time.Duration.ofDays(90)));
        assertThat(policy(RotationPolicy.BEFORE_EXPIRY, "P10D", null).rotationDue(T, null))
                .as("no expiry, nothing to count back from").isNull();
        assertThat(policy(RotationPolicy.BEFORE_EXPIRY, "P10D", null).rotationDue(T, Instant.parse(
                "2026-03-01T00:00:00Z"))).isEqualTo(Instant.parse("2026-02-19T00:00:00Z"));
        assertThat(RotationPolicy.DEFAULT.rotationDue(T, T)).as("notify only").isNull();
        assertThat(policy(RotationPolicy.AFTER_CREATE, "P90D", "P1Y").expiryFrom(T))
                .isEqualTo(Instant.parse("2027-01-31T00:00:00Z"));
    }

    @Test
    void rulesOfAPolicy() {
        RotationPolicies rules = new RotationPolicies("P7D");
        rules.check(policy(RotationPolicy.AFTER_CREATE, "P7D", "P28D"));
        rules.check(RotationPolicy.DEFAULT);
        assertThatThrownBy(() -> rules.check(policy(RotationPolicy.AFTER_CREATE, "P6D", null)))
                .hasMessageContaining("at least P7D");
        assertThatThrownBy(() -> rules.check(policy(RotationPolicy.AFTER_CREATE, "P8D", "PT1H")))
                .hasMessageContaining("expiryTime");
        assertThatThrownBy(() -> rules.check(policy(RotationPolicy.BEFORE_EXPIRY, "P30D", "P28D")))
                .hasMessageContaining("shorter than");
        var twoRotates = new RotationPolicy(List.of(
                new RotationPolicy.LifetimeAction(RotationPolicy.AFTER_CREATE, "P8D", RotationPolicy.ROTATE),
                new RotationPolicy.LifetimeAction(RotationPolicy.BEFORE_EXPIRY, "P8D", RotationPolicy.ROTATE)),
                null, null, null);
        assertThatThrownBy(() -> rules.check(twoRotates)).hasMessageContaining("one Rotate");
    }

    @Test
    void storedFormRoundTrips() {
        RotationPolicy p = policy(RotationPolicy.BEFORE_EXPIRY, "P30D", "P1Y");
        RotationPolicy back = RotationPolicies.fromJson(RotationPolicies.toJson(p), T, T);
        assertThat(back.lifetimeActions()).isEqualTo(p.lifetimeActions());
        assertThat(back.expiryTime()).isEqualTo("P1Y");
    }
}
