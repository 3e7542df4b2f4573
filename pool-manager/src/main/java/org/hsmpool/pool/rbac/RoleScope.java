package org.hsmpool.pool.rbac;

import java.util.List;
import java.util.regex.Pattern;


/**
 * Where a role assignment applies and where a request acts. Three levels, each kept as written:
 * the whole pool ({@code /}), every key ({@code /keys}) and every version of one key
 * ({@code /keys/{name}}). A scope covers itself and the scopes below it: {@code /} covers
 * everything, {@code /keys} covers itself and each key, a key covers only itself. So a role given
 * at {@code /keys} grants its key actions on every key and its role-assignment actions at
 * {@code /keys} and below, and never what is checked at {@code /} (security domain, full backup
 * and restore, role definitions, assignments at the pool scope).
 *
 * <p>Azure's documentation calls {@code /} and {@code /keys} both "HSM scope"; folding them made an
 * Administrator meant for keys an administrator of the security domain, so they stay apart here.
 */
public record RoleScope(String value) {
    public static final RoleScope POOL = new RoleScope("/");
    public static final RoleScope KEYS = new RoleScope("/keys");
    private static final String KEYS_PREFIX = "/keys/";
    private static final Pattern KEY_NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");

    /** The scope of one key; {@code name} is as the request carries it (checked by the key layer, not here). */
    public static RoleScope key(String name) {
        return new RoleScope(KEYS_PREFIX + name);
    }

    /**
     * A scope as a client writes it: {@code /}, {@code /keys} (also {@code /keys/}) or
     * {@code /keys/{name}}.
     *
     * @throws RbacException {@code BAD_PARAMETER} for anything else
     */
    public static RoleScope parse(String text) {
        if (POOL.value.equals(text)) {
            return POOL;
        }
        if (KEYS.value.equals(text) || KEYS_PREFIX.equals(text)) {
            return KEYS;
        }
        if (text != null && text.startsWith(KEYS_PREFIX) && KEY_NAME.matcher(text.substring(KEYS_PREFIX.length()))
                .matches()) {
            return new RoleScope(text);
        }
        throw RbacException.badParameter("a role scope is '/', '/keys' or '/keys/{key name}'");
    }

    /** Whether this is the scope of one key. */
    public boolean isKey() {
        return value.startsWith(KEYS_PREFIX);
    }

    /** Whether an assignment at this scope applies to a request at {@code target}. */
    public boolean covers(RoleScope target) {
        return equals(POOL) || equals(target) || (equals(KEYS) && target.isKey());
    }

    /** This scope and every scope that covers it, narrowest first. */
    public List<RoleScope> withEnclosing() {
        if (equals(POOL)) {
            return List.of(POOL);
        }
        return equals(KEYS) ? List.of(KEYS, POOL) : List.of(this, KEYS, POOL);
    }

    /** The path prefix of this scope in resource ids: empty for the pool, else the scope itself. */
    public String idPrefix() {
        return equals(POOL) ? "" : value;
    }

    @Override
    public String toString() {
        return value;
    }
}
