package org.hsmpool.cli.access;

import java.util.ArrayList;
import java.util.UUID;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.remote.RemoteCommand;
import org.hsmpool.cli.remote.Roles;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hsmpool role assign|list|remove}: local RBAC role assignments through the Managed HSM REST
 * API ({@code {scope}/providers/Microsoft.Authorization/roleAssignments}), at scope {@code /},
 * {@code /keys} or {@code /keys/NAME}.
 */
@Command(name = "role", synopsisSubcommandLabel = "COMMAND",
        description = {"Role assignments of the pool's local RBAC: a built-in Managed HSM role (by name, e.g."
                + " \"Crypto User\", or by id) for a principal (a token-file name, or a service principal's object id) at"
                + " scope /, /keys or /keys/NAME."},
        subcommands = {RoleCommand.Assign.class, RoleCommand.List.class, RoleCommand.Remove.class},
        footerHeading = "%nExamples:%n",
        footer = {"  hsmpool role assign \"Crypto User\" --principal my-app --scope /keys/my-key",
            "  hsmpool role list --principal my-app",
            "  hsmpool role remove 0f7e...-assignment-id --scope /keys/my-key"})
public final class RoleCommand implements Runnable {
    static final String ROW = "%-36s  %-42s  %-36s  %s";
    static final String HEADER = String.format(ROW, "ASSIGNMENT", "ROLE", "PRINCIPAL", "SCOPE");
    private static final String ASSIGNMENTS = "/providers/Microsoft.Authorization/roleAssignments";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is missing: assign, list or remove");
    }

    /** One assignment as a table row: id, role, principal, scope. */
    static String row(JsonNode a) {
        JsonNode p = a.path("properties");
        return String.format(ROW, a.path("name").asText(), Roles.display(p.path("roleDefinitionId").asText()),
                p.path("principalId").asText(), p.path("scope").asText());
    }

    @Command(name = "assign", description = "Assigns ROLE to a principal at a scope (PUT .../roleAssignments/{new id}).",
            footerHeading = "%nExample:%n", footer = "  hsmpool role assign \"Managed HSM Crypto User\" --principal my-app")
    static final class Assign extends RemoteCommand {
        @Parameters(paramLabel = "ROLE", description = "a built-in role's name (\"Crypto User\", \"Managed HSM Crypto Officer\") or a role definition id")
        String role;
        @Option(names = "--principal", required = true, paramLabel = "ID", description = "who gets the role")
        String principal;
        @Option(names = "--scope", defaultValue = "/", paramLabel = "SCOPE", description = "/, /keys or /keys/NAME (default: /)")
        String scope;

        Assign(Host host) {
            super(host);
        }

        @Override
        public Integer call() {
            Roles.scopePath(scope);
            Roles.definitionId(role);
            JsonNode created = Roles.assign(pool(), principal, role, scope);
            return done(created, HEADER, row(created));
        }
    }

    @Command(name = "list", description = {"Lists the assignments that apply at a scope (those at the scope and above it),"
            + " or with --at-scope only those made exactly there; --principal keeps one principal's."},
            footerHeading = "%nExample:%n", footer = "  hsmpool role list --scope /keys/my-key -o json")
    static final class List extends RemoteCommand {
        @Option(names = "--scope", defaultValue = "/", paramLabel = "SCOPE", description = "/, /keys or /keys/NAME (default: /)")
        String scope;
        @Option(names = "--principal", paramLabel = "ID", description = "only this principal's assignments")
        String principal;
        @Option(names = "--at-scope", description = "only assignments made exactly at SCOPE")
        boolean atScope;

        List(Host host) {
            super(host);
        }

        @Override
        public Integer call() {
            if (principal != null && !principal.matches("[A-Za-z0-9._@:-]{1,200}")) {
                throw new ParameterException(spec.commandLine(), "'" + principal + "' is not a principal id");
            }
            java.util.List<String> terms = new ArrayList<>();
            if (atScope) {
                terms.add("atScope()");
            }
            if (principal != null) {
                terms.add("principalId%20eq%20'" + principal + "'");
            }
            String path = Roles.scopePath(scope) + ASSIGNMENTS + (terms.isEmpty() ? "" : "?%24filter=" + String.join("%20and%20", terms));
            JsonNode listed = pool().call("GET", path, null);
            java.util.List<String> lines = new ArrayList<>(java.util.List.of(HEADER));
            listed.path("value").forEach(a -> lines.add(row(a)));
            return done(listed, lines.toArray(String[]::new));
        }
    }

    @Command(name = "remove", description = "Removes one assignment by its id (the ASSIGNMENT column of 'role list'), at the"
            + " scope it was made at.", footerHeading = "%nExample:%n", footer = "  hsmpool role remove ASSIGNMENT_ID --scope /keys/my-key")
    static final class Remove extends RemoteCommand {
        @Parameters(paramLabel = "ASSIGNMENT_ID", description = "the assignment's id (a GUID)")
        String id;
        @Option(names = "--scope", defaultValue = "/", paramLabel = "SCOPE", description = "where it was made (default: /)")
        String scope;

        Remove(Host host) {
            super(host);
        }

        @Override
        public Integer call() {
            try {
                UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "'" + id + "' is not an assignment id (a GUID)");
            }
            JsonNode removed = pool().call("DELETE", Roles.scopePath(scope) + ASSIGNMENTS + "/" + id, null);
            return done(removed, "removed " + row(removed).strip());
        }
    }
}
