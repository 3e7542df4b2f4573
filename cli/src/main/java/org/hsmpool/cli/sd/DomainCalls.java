package org.hsmpool.cli.sd;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import org.hsmpool.cli.common.UserError;
import org.hsmpool.cli.remote.PoolClient;
import org.hsmpool.cli.remote.PoolConnection;
import org.hsmpool.cli.remote.Roles;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the remote {@code sd} commands share: waiting for a security-domain operation's pending
 * status, and giving a local pool's operator its key roles once the pool is activated.
 */
final class DomainCalls {
    /** The roles {@code up --demo} gives the operator, an initial administrator without key operations. */
    static final List<String> OPERATOR_ROLES = List.of("Managed HSM Crypto Officer", "Managed HSM Crypto User");
    private static final int PENDING_POLLS = 120;

    private DomainCalls() {
    }

    /** Polls {@code /securitydomain/OPERATION/pending} until Success; Failed or a timeout is a UserError. */
    static String awaitSuccess(PoolClient pool, String operation) throws InterruptedException {
        String path = "/securitydomain/" + operation + "/pending";
        for (int i = 0; i < PENDING_POLLS; i++) {
            JsonNode status = pool.call("GET", path, null);
            String s = status.path("status").asText();
            if (s.equals("Success")) {
                return s;
            }
            if (s.equals("Failed")) {
                throw new UserError("the pool reports the " + operation + " Failed: " + status.path("status_details").asText("")
                        + "; see 'hsmpool status' and the manager's log");
            }
            Thread.sleep(500);
        }
        throw new UserError("the " + operation + " is still not done after " + PENDING_POLLS / 2 + " s; see 'hsmpool status'");
    }

    /**
     * After an activation or a restore through the CLI, a local pool's operator (an initial
     * administrator, who may assign roles but not use keys) gets Crypto Officer and Crypto User at
     * {@code /}, as after {@code up --demo}. Any other pool is left alone: its roles are its
     * administrators' choice. Returns the roles assigned.
     */
    static List<String> grantLocalOperator(PoolConnection connection, PoolClient pool, PrintWriter err) {
        boolean local = connection.localPool().map(j -> j.path("url").asText()).filter(u -> u.equals(pool.base().toString()))
                .isPresent();
        List<String> assigned = new ArrayList<>();
        if (!local) {
            return assigned;
        }
        for (String role : OPERATOR_ROLES) {
            try {
                Roles.assign(pool, PoolConnection.OPERATOR, role);
                assigned.add(role);
            } catch (UserError e) {
                // the domain is in place and its blob written: a role the operator may already hold does not undo that
                err.println("hsmpool: " + role + " not assigned to '" + PoolConnection.OPERATOR + "': " + e.getMessage());
            }
        }
        err.println("hsmpool: principal '" + PoolConnection.OPERATOR + "' of the local pool now holds " + String.join(" and ", assigned)
                + " at /");
        err.flush();
        return assigned;
    }
}
