package org.hsmpool.pool.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hsmpool.pool.keys.RotationPolicy;

/**
 * The KeyRotationPolicy of the wire: {@code lifetimeActions} (each a {@code trigger} with exactly
 * one of {@code timeAfterCreate} and {@code timeBeforeExpiry}, and an {@code action} whose
 * {@code type} is {@code Rotate} or {@code Notify}, in any letter case) and
 * {@code attributes.expiryTime}. {@code id} and the read-only times are ignored in a request.
 */
final class RotationPolicyParameters {
    private static final Set<String> TRIGGERS = Set.of(RotationPolicy.AFTER_CREATE, RotationPolicy.BEFORE_EXPIRY);

    private RotationPolicyParameters() {
    }

    static RotationPolicy read(JsonBody body) {
        List<RotationPolicy.LifetimeAction> actions = new ArrayList<>();
        List<JsonBody> given = body.optionalObjectList("lifetimeActions");
        for (JsonBody action : given == null ? List.<JsonBody>of() : given) {
            JsonBody trigger = action.optionalObject("trigger");
            if (trigger == null) {
                throw KeyVaultException.badParameter("every lifetime action needs a trigger");
            }
            List<String> kinds = trigger.memberNames();
            if (kinds.size() != 1 || !TRIGGERS.contains(kinds.get(0))) {
                throw KeyVaultException.badParameter("a lifetime action's trigger has exactly one of timeAfterCreate "
                        + "and timeBeforeExpiry");
            }
            String duration = trigger.requiredString(kinds.get(0));
            JsonBody what = action.optionalObject("action");
            String type = what == null ? null : what.optionalString("type");
            String normalised = type == null ? null : switch (type.toLowerCase(java.util.Locale.ROOT)) {
                case "rotate" -> RotationPolicy.ROTATE;
                case "notify" -> RotationPolicy.NOTIFY;
                default -> null;
            };
            if (normalised == null) {
                throw KeyVaultException.badParameter("a lifetime action's action.type must be Rotate or Notify");
            }
            actions.add(new RotationPolicy.LifetimeAction(kinds.get(0), duration, normalised));
        }
        JsonBody attributes = body.optionalObject("attributes");
        String expiry = attributes == null ? null : attributes.optionalString("expiryTime");
        return new RotationPolicy(actions, expiry, null, null);
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
