package org.hsmpool.pool.rbac;

/**
 * The outcome of an authorisation: allowed or not, what granted it (a role assignment id, or
 * {@link #INITIAL_ADMINISTRATOR}), and for a denial the message the client gets. The filter puts
 * it into the request as {@link #PROPERTY} for the audit log.
 */
public record Decision(boolean allowed, String grantedBy, String message) {
    /** The request property that holds the decision. */
    public static final String PROPERTY = "org.hsmpool.pool.rbac.Decision";
    /** What grants the initial administrators their implicit Administrator role. */
    public static final String INITIAL_ADMINISTRATOR = "initial-administrator";

    static Decision allow(String grantedBy) {
        return new Decision(true, grantedBy, null);
    }

    static Decision deny(String message) {
        return new Decision(false, null, message);
    }
}
