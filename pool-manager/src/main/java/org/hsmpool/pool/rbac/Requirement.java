package org.hsmpool.pool.rbac;

import java.util.Objects;

/**
 * What a request needs: one data action at one scope.
 */
public record Requirement(DataAction action, RoleScope scope) {
    public Requirement {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(scope, "scope");
    }

    public static Requirement atPool(DataAction action) {
        return new Requirement(action, RoleScope.POOL);
    }

    /** An action on the keys as a whole (list, restore, deleted keys, random bytes): {@code /keys}. */
    public static Requirement atKeys(DataAction action) {
        return new Requirement(action, RoleScope.KEYS);
    }

    public static Requirement onKey(DataAction action, String name) {
        return new Requirement(action, RoleScope.key(name));
    }
}
