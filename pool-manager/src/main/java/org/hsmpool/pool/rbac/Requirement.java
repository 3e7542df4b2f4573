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

    public static Requirement onKey(DataAction action, String name) {
        return new Requirement(action, RoleScope.key(name));
    }
}
