package org.hsmpool.pool.rbac;

import java.util.regex.Pattern;

import org.hsmpool.pool.keys.KeyVaultException;

/**
 * Where a role assignment applies and where a request acts: the whole pool ({@code /}, also written
 * {@code /keys}) or every version of one key ({@code /keys/{name}}). The pool scope covers every key
 * scope; a key scope covers only itself.
 */
public record RoleScope(String value) {
    public static final RoleScope POOL = new RoleScope("/");
    private static final String KEYS = "/keys";
    private static final Pattern KEY_NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");

    /** The scope of one key; {@code name} is as the request carries it (checked by the key layer, not here). */
    public static RoleScope key(String name) {
        return new RoleScope(KEYS + "/" + name);
    }

    /**
     * A scope as a client writes it: {@code /}, {@code /keys} or {@code /keys/{name}}.
     *
     * @throws KeyVaultException 400 {@code BadParameter} for anything else
     */
    public static RoleScope parse(String text) {
        if ("/".equals(text) || KEYS.equals(text) || (KEYS + "/").equals(text)) {
            return POOL;
        }
        if (text != null && text.startsWith(KEYS + "/") && KEY_NAME.matcher(text.substring(KEYS.length() + 1)).matches()) {
            return new RoleScope(text);
        }
        throw KeyVaultException.badParameter("a role scope is '/', '/keys' or '/keys/{key name}'");
    }

    /** Whether an assignment at this scope applies to a request at {@code target}. */
    public boolean covers(RoleScope target) {
        return this.equals(POOL) || this.equals(target);
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
