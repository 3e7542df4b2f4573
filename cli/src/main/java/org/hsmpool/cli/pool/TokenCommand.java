package org.hsmpool.cli.pool;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.UserError;
import org.hsmpool.cli.remote.PoolConnection;
import org.hsmpool.cli.remote.Roles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hsmpool token}: a new bearer token for a principal of a local pool, added to its token file
 * (which the manager reads again within seconds), with a role assignment when asked.
 */
@Command(name = "token", description = {"Makes a random bearer token for principal NAME, adds it to the token file of the"
        + " local pool in DIR (the manager accepts it within 2 s) and prints it on stdout, alone.",
    "With --role, also assigns the role at scope '/' through the pool's RBAC API (as the operator)."
        + " Revoke a token by deleting its line from DIR/tokens."},
        footerHeading = "%nExamples:%n", footer = {"  export HSMPOOL_TOKEN=$(hsmpool token --principal build-server --role \"Crypto User\")",
            "  hsmpool token --dir /srv/pool --principal auditor --role \"Managed HSM Crypto Auditor\" > auditor.token"})
public final class TokenCommand implements Callable<Integer> {
    private final Host host;

    @Spec
    CommandSpec spec;

    @Mixin
    PoolConnection connection;

    @Option(names = "--principal", required = true, paramLabel = "NAME", description = "who the token is for: 1 to 128 letters,"
            + " digits, '.', '_', '@', '-'")
    String principal;

    @Option(names = "--role", paramLabel = "ROLE", description = "a built-in role (e.g. \"Managed HSM Crypto User\", \"Crypto User\")"
            + " or a role definition id, assigned at scope /")
    String role;

    @picocli.CommandLine.Mixin
    org.hsmpool.cli.common.OutputFormat output;

    TokenCommand(Host host) {
        this.host = host;
    }

    /** The manager reads the token file again within seconds; wait for it, so that the token works once printed. */
    private void awaitAccepted(String token, PrintWriter err) throws InterruptedException {
        if (connection.localPool().filter(j -> PoolProcesses.alive(j.path("managerPid").asLong())).isEmpty()) {
            return;
        }
        org.hsmpool.cli.remote.PoolClient asNew = connection.withToken(token).open(host);
        for (int i = 0; i < 40; i++) {
            if (asNew.exchange("GET", "/keys?maxresults=1", null).statusCode() != 401) {
                return; // 200, or 403 when roles are enforced: either way the token is known
            }
            Thread.sleep(250);
        }
        err.println("hsmpool: the pool does not accept the new token yet; it reads " + connection.dir().resolve("tokens")
                + " again every 2 s: see the manager's log ('hsmpool logs') if it keeps refusing it");
    }

    @Override
    public Integer call() throws Exception {
        if (!principal.matches("[A-Za-z0-9._@-]{1,128}")) {
            throw new UserError("'" + principal + "' is not a principal name: 1 to 128 letters, digits, '.', '_', '@', '-'");
        }
        String definition = role == null ? null : Roles.definitionId(role);
        LocalPool pool = new LocalPool(connection.dir(), Path.of("."));
        if (!Files.exists(pool.tokenFile())) {
            throw new UserError("no local pool in " + pool.dir + " (no token file); 'hsmpool token' works on a pool this machine"
                    + " provisioned: give --dir, or start one with 'hsmpool up'");
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Files.writeString(pool.tokenFile(), principal + " " + token + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        PrintWriter err = spec.commandLine().getErr();
        awaitAccepted(token, err);
        if (definition != null) {
            Roles.assign(connection.open(host), principal, role);
            err.println("hsmpool: assigned " + Roles.name(definition).orElse(definition) + " to " + principal + " at scope /");
        }
        err.println("hsmpool: new token for " + principal + " added to " + pool.tokenFile());
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("principal", principal);
            json.put("token", token);
            json.put("tokenFile", pool.tokenFile().toString());
            json.put("role", definition == null ? null : Roles.name(definition).orElse(definition));
            org.hsmpool.cli.common.OutputFormat.print(out, json);
            return 0;
        }
        out.println(token);
        out.flush();
        return 0;
    }
}
