package org.hsmpool.pool.keys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The rules a rotation policy must keep, and its stored form. Rules, as on Key Vault: at most one
 * Rotate and one Notify action; every duration at least the configured minimum (7 days by
 * default); a Notify action counts from expiry and needs an expiry time to mean anything; a
 * trigger before expiry must be shorter than the expiry time.
 */
final class RotationPolicies {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String minimum;

    RotationPolicies(String minimumPeriod) {
        RotationPolicy.parse(minimumPeriod);
        this.minimum = minimumPeriod;
    }

    void check(RotationPolicy policy) {
        Instant now = Instant.now();
        if (policy.lifetimeActions().size() > 2) {
            throw KeyException.badParameter("a rotation policy has at most two lifetime actions: one Rotate "
                    + "and one Notify");
        }
        long rotates = policy.lifetimeActions().stream().filter(a -> a.type().equals(RotationPolicy.ROTATE)).count();
        if (rotates > 1 || policy.lifetimeActions().size() - rotates > 1) {
            throw KeyException.badParameter("a rotation policy has at most one Rotate and one Notify action");
        }
        for (RotationPolicy.LifetimeAction action : policy.lifetimeActions()) {
            atLeastMinimum(action.duration(), "lifetimeActions.trigger." + action.trigger(), now);
            if (action.trigger().equals(RotationPolicy.BEFORE_EXPIRY) && policy.expiryTime() != null
                    && !RotationPolicy.plus(now, action.duration()).isBefore(
                            RotationPolicy.plus(now, policy.expiryTime()))) {
                throw KeyException.badParameter("lifetimeActions.trigger.timeBeforeExpiry must be shorter than "
                        + "attributes.expiryTime");
            }
        }
        if (policy.expiryTime() != null) {
            atLeastMinimum(policy.expiryTime(), "attributes.expiryTime", now);
        }
    }

    private void atLeastMinimum(String duration, String what, Instant now) {
        if (!RotationPolicy.atLeast(duration, minimum, now)) {
            throw KeyException.badParameter(what + " must be at least " + minimum);
        }
    }

    static String toJson(RotationPolicy policy) {
        List<Object> actions = new ArrayList<>();
        for (RotationPolicy.LifetimeAction a : policy.lifetimeActions()) {
            actions.add(Map.of("trigger", Map.of(a.trigger(), a.duration()), "action", Map.of("type", a.type())));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lifetimeActions", actions);
        if (policy.expiryTime() != null) {
            out.put("expiryTime", policy.expiryTime());
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static RotationPolicy fromJson(String json, Instant created, Instant updated) {
        try {
            JsonNode node = JSON.readTree(json);
            List<RotationPolicy.LifetimeAction> actions = new ArrayList<>();
            for (JsonNode a : node.path("lifetimeActions")) {
                var trigger = a.path("trigger").fields().next();
                actions.add(new RotationPolicy.LifetimeAction(trigger.getKey(), trigger.getValue().asText(),
                        a.path("action").path("type").asText()));
            }
            JsonNode expiry = node.get("expiryTime");
            return new RotationPolicy(actions, expiry == null ? null : expiry.asText(), created, updated);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("a stored rotation policy is not readable", e);
        }
    }
}
