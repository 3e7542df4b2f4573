package org.hsmpool.pool.keys;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * A key's rotation policy: lifetime actions, each a trigger (a time after the latest version was
 * created, or a time before it expires) and an action ({@code Rotate}, or {@code Notify}, which this
 * pool records but has no event channel for), and the expiry time it gives new versions.
 *
 * @param expiryTime ISO 8601 duration, or null: how long after a rotation the new version expires
 * @param created null for the default policy of a key that has none set
 */
public record RotationPolicy(List<LifetimeAction> lifetimeActions, String expiryTime, Instant created,
        Instant updated) {

    public static final String ROTATE = "Rotate";
    public static final String NOTIFY = "Notify";
    public static final String AFTER_CREATE = "timeAfterCreate";
    public static final String BEFORE_EXPIRY = "timeBeforeExpiry";

    /** What a key without a policy answers, as Key Vault does: notify 30 days before expiry. */
    public static final RotationPolicy DEFAULT = new RotationPolicy(
            List.of(new LifetimeAction(BEFORE_EXPIRY, "P30D", NOTIFY)), null, null, null);

    public RotationPolicy {
        lifetimeActions = List.copyOf(lifetimeActions);
    }

    /**
     * @param trigger {@link #AFTER_CREATE} or {@link #BEFORE_EXPIRY}
     * @param duration ISO 8601 duration
     * @param type {@link #ROTATE} or {@link #NOTIFY}
     */
    public record LifetimeAction(String trigger, String duration, String type) {
    }

    /** The rotate action, if the policy has one. */
    public java.util.Optional<LifetimeAction> rotation() {
        return lifetimeActions.stream().filter(a -> a.type().equals(ROTATE)).findFirst();
    }

    /**
     * When the version created at {@code created}, expiring at {@code expires} (or null), is due to
     * be rotated under this policy; null if never.
     */
    public Instant rotationDue(Instant created, Instant expires) {
        LifetimeAction rotate = rotation().orElse(null);
        if (rotate == null) {
            return null;
        }
        if (rotate.trigger().equals(AFTER_CREATE)) {
            return plus(created, rotate.duration());
        }
        return expires == null ? null : minus(expires, rotate.duration());
    }

    /** The expiry of a version created now under this policy, or null. */
    public Instant expiryFrom(Instant now) {
        return expiryTime == null ? null : plus(now, expiryTime);
    }

    /** {@code time + duration}; durations with years or months count calendar time in UTC. */
    static Instant plus(Instant time, String duration) {
        Object d = parse(duration);
        return d instanceof Duration exact ? time.plus(exact)
                : time.atOffset(ZoneOffset.UTC).plus((Period) d).toInstant();
    }

    static Instant minus(Instant time, String duration) {
        Object d = parse(duration);
        return d instanceof Duration exact ? time.minus(exact)
                : time.atOffset(ZoneOffset.UTC).minus((Period) d).toInstant();
    }

    /** Whether {@code duration} is at least {@code minimum}, both measured from {@code at}. */
    static boolean atLeast(String duration, String minimum, Instant at) {
        return !plus(at, duration).isBefore(plus(at, minimum));
    }

    /** A {@link Period} (P1Y2M3D, P4W) or a {@link Duration} (PT5M, P1DT2H); BadParameter otherwise. */
    static Object parse(String text) {
        if (text == null || text.length() > 32) {
            throw invalid(text);
        }
        String upper = text.toUpperCase(Locale.ROOT);
        try {
            Object parsed = upper.contains("T") ? Duration.parse(upper) : Period.parse(upper);
            boolean negativeOrZero = parsed instanceof Duration d ? d.isNegative() || d.isZero()
                    : ((Period) parsed).isNegative() || ((Period) parsed).isZero();
            if (negativeOrZero) {
                throw invalid(text);
            }
            return parsed;
        } catch (DateTimeException | ArithmeticException e) {
            throw invalid(text);
        }
    }

    private static KeyException invalid(String text) {
        return KeyException.badParameter("a rotation policy duration must be a positive ISO 8601 duration "
                + "such as P90D, P1Y or P1DT12H");
    }
}
