package org.hsmpool.node.token;

import java.util.Set;

/** A key as the token holds it: its name, kind, usages and public half. */
public record StoredKey(ObjectId id, KeySpec spec, Set<KeyUsage> usages, PublicKeyMaterial publicKey) {
    public StoredKey {
        usages = Set.copyOf(usages);
    }
}
