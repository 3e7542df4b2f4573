package org.hsmpool.pool.store;

import java.time.Instant;

/**
 * A key's rotation policy as the API stored it. The store keeps the JSON as given; its meaning
 * (lifetime actions, expiry time) is the key service's.
 */
public record KeyRotationPolicy(String name, String policyJson, Instant created, Instant updated) {

    public KeyRotationPolicy {
        Arguments.keyName(name);
        Arguments.text(policyJson, "the rotation policy", Arguments.MAX_JSON);
        created = Arguments.time(created, "the creation time");
        updated = Arguments.time(updated, "the update time");
    }
}
