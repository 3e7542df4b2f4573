package org.hsmpool.cli.access;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.OutputFile;
import org.hsmpool.cli.remote.PoolClient;
import org.hsmpool.cli.remote.RemoteCommand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hsmpool principal create|list|delete}: the service principals of the pool's token service
 * (OAuth2 client credentials, Entra's paths). The secret is made by the pool and shown once: written
 * to a 0600 file with {@code --secret-out}, else printed on stdout; never taken from the command line.
 */
@Command(name = "principal", synopsisSubcommandLabel = "COMMAND",
        description = {"Service principals of the pool's token service: an application gets a client id and secret and"
                + " asks the pool for tokens as it would ask Microsoft Entra ID (client credentials). Needs a role that"
                + " may write role assignments (Administrator, Crypto Officer, Policy Administrator)."},
        subcommands = {PrincipalCommand.Create.class, PrincipalCommand.List.class, PrincipalCommand.Delete.class},
        footerHeading = "%nExamples:%n",
        footer = {"  hsmpool principal create build-server --secret-out build-server.secret",
            "  hsmpool principal list -o json",
            "  hsmpool principal delete 3f2c...-client-id"})
public final class PrincipalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is missing: create, list or delete");
    }

    @Command(name = "create", description = {"Creates a service principal named NAME; prints its client id and object id"
            + " (the id roles are assigned to), and its secret, once: into FILE (mode 0600) with --secret-out, else on"
            + " stdout. The pool keeps only a salted hash of the secret."},
            footerHeading = "%nExample:%n", footer = {"  hsmpool principal create build-server --secret-out build-server.secret",
                "  hsmpool role assign \"Crypto User\" --principal <objectId> --scope /keys/build-key"})
    static final class Create extends RemoteCommand {
        @Parameters(paramLabel = "NAME", description = "its display name (1 to 256 characters)")
        String name;
        @Option(names = "--secret-out", paramLabel = "FILE", description = "write the secret here (0600) instead of stdout")
        Path secretOut;

        Create(Host host) {
            super(host);
        }

        @Override
        public Integer call() {
            PoolClient pool = pool();
            JsonNode created = pool.call("POST", "/hsmpool/principals", Map.of("displayName", name));
            String secret = created.path("secret").asText();
            ObjectNode json = created.deepCopy();
            if (secretOut != null) {
                OutputFile.write(secretOut, secret + "\n", OutputFile.OWNER_ONLY, false);
                json.remove("secret");
                json.put("secretFile", secretOut.toString());
            }
            return done(json, "clientId     " + created.path("clientId").asText(),
                    "objectId     " + created.path("objectId").asText() + "   (assign roles to this id)",
                    "displayName  " + created.path("displayName").asText(),
                    secretOut != null ? "secret       in " + secretOut + " (mode 0600)" : "secret       " + secret,
                    "The secret is shown this once; the pool keeps only its hash. Tokens: POST " + pool.base()
                            + "/<tenant>/oauth2/v2.0/token, client credentials (tenant 'hsmpool' unless the pool sets another).");
        }
    }

    @Command(name = "list", description = "Lists the service principals (never a secret).",
            footerHeading = "%nExample:%n", footer = "  hsmpool principal list")
    static final class List extends RemoteCommand {
        List(Host host) {
            super(host);
        }

        @Override
        public Integer call() {
            JsonNode listed = pool().call("GET", "/hsmpool/principals", null);
            java.util.List<String> lines = new ArrayList<>();
            lines.add(String.format("%-36s  %-36s  %-20s  %s", "CLIENT ID", "OBJECT ID", "CREATED", "NAME"));
            for (JsonNode p : listed.path("value")) {
                lines.add(String.format("%-36s  %-36s  %-20s  %s", p.path("clientId").asText(), p.path("objectId").asText(),
                        Instant.ofEpochSecond(p.path("created").asLong()), p.path("displayName").asText()));
            }
            return done(listed, lines.toArray(String[]::new));
        }
    }

    @Command(name = "delete", description = "Deletes a service principal by its client id; tokens it already has stay"
            + " valid until they expire.", footerHeading = "%nExample:%n", footer = "  hsmpool principal delete CLIENT_ID")
    static final class Delete extends RemoteCommand {
        @Parameters(paramLabel = "CLIENT_ID", description = "the client id 'principal list' shows")
        String clientId;

        Delete(Host host) {
            super(host);
        }

        @Override
        public Integer call() {
            if (!clientId.matches("[0-9a-fA-F-]{36}")) {
                throw new ParameterException(spec.commandLine(), "'" + clientId + "' is not a client id (a GUID)");
            }
            JsonNode deleted = pool().call("DELETE", "/hsmpool/principals/" + clientId, null);
            return done(deleted, "deleted " + deleted.path("displayName").asText() + " (client id " + clientId + ")");
        }
    }
}
