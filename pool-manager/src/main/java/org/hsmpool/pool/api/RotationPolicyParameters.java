package org.hsmpool.pool.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.hsmpool.pool.keys.RotationPolicy;

import com.fasterxml.jackson.annotation.JsonIgnore;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The KeyRotationPolicy of the wire: {@code lifetimeActions} (each a {@code trigger} with exactly
 * one of {@code timeAfterCreate} and {@code timeBeforeExpiry}, and an {@code action} whose
 * {@code type} is {@code Rotate} or {@code Notify}, in any letter case) and
 * {@code attributes.expiryTime}. {@code id} and the read-only times are ignored in a request; the
 * durations are the key service's to check.
 */
public record RotationPolicyParameters(
        List<@Valid LifetimeActions> lifetimeActions,
        KeyRotationPolicyAttributes attributes) {

    /** A lifetime action: when, and what. */
    public record LifetimeActions(
            @NotNull(message = "is required: every lifetime action needs a trigger")
            @Valid LifetimeActionsTrigger trigger,
            @NotNull(message = "is required: its type is Rotate or Notify") @Valid LifetimeActionsType action) {
    }

    /** Exactly one of the two ISO 8601 durations. */
    public record LifetimeActionsTrigger(String timeAfterCreate, String timeBeforeExpiry) {
        @JsonIgnore
        @AssertTrue(message = "has exactly one of timeAfterCreate and timeBeforeExpiry")
        public boolean isOneKind() {
            return (timeAfterCreate == null) != (timeBeforeExpiry == null);
        }
    }

    /** {@code Rotate} or {@code Notify}, in any letter case (the SDKs differ). */
    public record LifetimeActionsType(
            @NotNull(message = "is required: Rotate or Notify")
            @Pattern(regexp = "(?i)rotate|notify", message = "must be Rotate or Notify") String type) {
    }

    /** {@code expiryTime}: the ISO 8601 duration after which a new version expires. */
    public record KeyRotationPolicyAttributes(String expiryTime) {
    }

    RotationPolicy toRotationPolicy() {
        List<RotationPolicy.LifetimeAction> actions = new ArrayList<>();
        for (LifetimeActions action : lifetimeActions == null ? List.<LifetimeActions>of() : lifetimeActions) {
            LifetimeActionsTrigger trigger = action.trigger();
            boolean afterCreate = trigger.timeAfterCreate() != null;
            String type = action.action().type().toLowerCase(Locale.ROOT).equals("rotate") ? RotationPolicy.ROTATE
                    : RotationPolicy.NOTIFY;
            actions.add(new RotationPolicy.LifetimeAction(
                    afterCreate ? RotationPolicy.AFTER_CREATE : RotationPolicy.BEFORE_EXPIRY,
                    afterCreate ? trigger.timeAfterCreate() : trigger.timeBeforeExpiry(), type));
        }
        return new RotationPolicy(actions, attributes == null ? null : attributes.expiryTime(), null, null);
    }

    static Map<String, Object> write(RotationPolicy policy, URI base, String name) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (policy.created() != null) {
            out.put("id", KeyPath.kid(base, name, null) + "/rotationpolicy");
        }
        List<Object> actions = new ArrayList<>();
        for (RotationPolicy.LifetimeAction a : policy.lifetimeActions()) {
            actions.add(Map.of("trigger", Map.of(a.trigger(), a.duration()), "action", Map.of("type", a.type())));
        }
        out.put("lifetimeActions", actions);
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (policy.expiryTime() != null) {
            attributes.put("expiryTime", policy.expiryTime());
        }
        if (policy.created() != null) {
            attributes.put("created", policy.created().getEpochSecond());
            attributes.put("updated", policy.updated().getEpochSecond());
        }
        out.put("attributes", attributes);
        return out;
    }
}
