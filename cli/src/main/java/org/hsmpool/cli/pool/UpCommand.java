package org.hsmpool.cli.pool;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hsmpool.cli.common.UserError;
import org.hsmpool.nodeapi.provision.OwnerOnly;
import org.hsmpool.sd.AdminKeyPair;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsmpool up}: a working pool on this machine, in one command. */
@Command(name = "up", description = {
    "Provisions a pool in DIR (pool CA, certificates, one SoftHSM2 token per node with random PINs in 0600 files,"
        + " a bearer token) and starts its node and manager processes in the background, logs in DIR.",
    "Builds the node and the manager first if they are missing."},
        footerHeading = "%nExamples:%n", footer = {"  hsmpool up --demo", "  hsmpool up --dir /srv/pool --nodes 5 --port 9443",
            "  hsmpool up --demo --managers 3 --dir /srv/ha-pool"})
public final class UpCommand implements Callable<Integer> {
    private static final long TIMEOUT_SECONDS = 180;

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", defaultValue = "${env:HSMPOOL_DIR:-.hsmpool}", description = "where the pool lives (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--nodes", defaultValue = "3", description = "number of hsm-node processes, 1 to 10 (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--port", defaultValue = "${env:HSMPOOL_PORT:-8443}", description = "HTTPS port of the manager; nodes use the next ports"
        + " (default: $HSMPOOL_PORT or 8443; a pool started before keeps its port)")
    int port;

    @Option(names = "--managers", description = "manager processes, 1 to 5 (default: 1, or as many as when the pool was"
        + " started before); more than one share a PostgreSQL server of the pool's own and serve behind HAProxy on --port,"
        + " each on a port of its own (--port + 11 ..); PostgreSQL and HAProxy are installed from the distribution when missing")
    Integer managers;

    @Option(names = "--demo", description = "also activate the security domain with three generated demo administrators"
        + " (quorum 2) whose keys and passphrases are written into DIR: UNSAFE, for trying the pool only")
    boolean demo;

    @picocli.CommandLine.Mixin
    org.hsmpool.cli.common.OutputFormat output;

    @Override
    public Integer call() throws Exception {
        // with -o json, what 'up' says while it works goes to stderr, and stdout is pool.json at the end
        PrintWriter out = output.json() ? spec.commandLine().getErr() : spec.commandLine().getOut();
        if (nodes < 1 || nodes > 10) {
            throw new UserError("--nodes must be 1 to 10");
        }
        LocalPool pool = new LocalPool(dir, home());
        boolean shared = pool.poolJson().sharedStore();
        int managerCount = managers != null ? managers : shared ? pool.poolJson().managers().size() : 1;
        if (managerCount < 1 || managerCount > 5) {
            throw new UserError("--managers must be 1 to 5");
        }
        if (managerCount > 1 && !shared && Files.exists(pool.dir.resolve("pool.db"))) {
            throw new UserError("the pool in " + pool.dir + " keeps its store in a SQLite file for one manager; several "
                    + "managers share a PostgreSQL server: start a new pool with --managers in another --dir, and move "
                    + "its keys with 'hsmpool backup' or GET /hsmpool/export and POST /hsmpool/import");
        }
        SharedPool sharedPool = managerCount > 1 || shared ? new SharedPool(pool, managerCount, out) : null;
        // nodes of an earlier start that still run (their manager died) are kept, not started again
        Map<String, LocalPool.Started> stillRunning = new java.util.HashMap<>();
        if (Files.exists(pool.poolJson().path())) {
            JsonNode running = pool.poolJson().read();
            long pid = running.path("managerPid").asLong();
            if (sharedPool != null) {
                sharedPool.refuseIfAllRun(dir);
            } else if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new UserError("a pool is already running from " + pool.dir + " (manager pid " + pid
                        + "); stop it with: hsmpool down --dir " + dir);
            }
            for (LocalPool.Started node : pool.poolJson().nodes()) {
                if (node.pid() == 0) {
                    continue;
                }
                if (!pool.processes().runsNode(node.pid(), node.name())) {
                    throw new UserError("process " + node.pid() + ", recorded as " + node.name() + ", still runs but is "
                            + "not that node (or cannot be inspected); stop it, or hsmpool down --dir " + dir);
                }
                stillRunning.put(node.name(), node);
            }
        }
        OwnerOnly.directory(pool.dir);
        pool.ensureBuilt(out);
        // a pool started before keeps its port and its nodes (as 'hsmpool node' left them)
        String portOrigin = spec.commandLine().getParseResult().hasMatchedOption("--port") ? "--port"
                : System.getenv("HSMPOOL_PORT") != null ? "$HSMPOOL_PORT" : "the default port; choose another with --port";
        if (!spec.commandLine().getParseResult().hasMatchedOption("--port") && pool.poolJson().port().isPresent()) {
            port = pool.poolJson().port().get();
            portOrigin = "the pool's port, recorded in pool.json";
        }
        boolean recorded = Files.exists(pool.poolJson().path()) && !pool.poolJson().nodes().isEmpty();
        List<LocalPool.Member> members = pool.members(nodes, port);
        PoolLaunch.requireFixedPortsFree(members, stillRunning, recorded, sharedPool == null ? port : 0, portOrigin);
        out.println("provisioning " + members.size() + " nodes in " + pool.dir + " ...");
        out.flush();
        pool.provision(nodes);

        String url = "https://localhost:" + port;
        String token = pool.operatorToken();
        HttpClient http = pool.http();
        PoolLaunch launch = new PoolLaunch(pool, out);
        List<LocalPool.Started> started;
        long managerPid;
        LocalPool.Several several = null;
        JsonNode status;
        try {
            launch.startNodes(members, stillRunning, recorded);
            if (sharedPool == null) {
                ProcessStart manager = launch.startManager(port, portOrigin);
                managerPid = manager.pid();
                started = launch.nodes();
                pool.poolJson().write(url, managerPid, manager.managementPort(), started, "starting", null);
                status = awaitHealthy(pool, http, token, url, out, managerPid, pool.dir.resolve("manager.log"),
                        launch.launched());
            } else {
                launch.awaitNodes();
                started = launch.nodes();
                several = sharedPool.start(port, started, http, token, launch);
                managerPid = several.pids().get(0);
                status = sharedPool.lastStatus();
            }
        } catch (Exception e) {
            out.println();
            out.println("stopping what this start started");
            out.flush();
            launch.stopAll();
            if (sharedPool == null && Files.exists(pool.poolJson().path())) {
                pool.poolJson().write(url, 0, pool.poolJson().nodes(), "stopped");
            }
            throw e;
        }
        String state = status.path("state").asText();
        if (demo && state.equals("NotActivated")) {
            activateDemo(pool, http, token, url, out);
            state = "Activated";
        }
        pool.poolJson().write(url, managerPid, started, state, several);

        out.println();
        out.println("hsmpool is running: " + started.size() + " nodes, "
                + (several == null ? "" : several.managers().size() + " managers behind HAProxy on PostgreSQL, ")
                + "pool " + state);
        out.println("  endpoint        " + url + "   (Key Vault / Managed HSM API, api-version 7.0-7.6)");
        out.println("  CA certificate  " + pool.caFile());
        out.println("  bearer token    in " + pool.tokenFile() + " (principal '" + LocalPool.OPERATOR + "')");
        out.println("  logs            " + pool.dir + (several == null ? "/manager.log, " : "/manager-*.log, ")
                + pool.dir + "/node-*/node.log");
        out.println("  for scripts     " + pool.poolJson().path());
        out.println();
        if (!state.equals("Activated")) {
            out.println("next: activate it by downloading the security domain (POST /securitydomain/download with 3..10");
            out.println("      administrator certificates from 'hsmpool sd admin-keygen'), or run 'hsmpool up --demo'.");
        } else {
            out.println("try it:");
            out.println("  T=$(awk '/^" + LocalPool.OPERATOR + " /{print $2}' " + pool.tokenFile() + ")");
            out.println("  curl --cacert " + pool.caFile() + " -H \"Authorization: Bearer $T\" -H 'Content-Type: application/json' \\");
            out.println("       -d '{\"kty\":\"EC-HSM\",\"crv\":\"P-256\"}' '" + url + "/keys/my-key/create?api-version=7.5'");
        }
        out.println("stop it with: hsmpool down --dir " + dir);
        out.flush();
        if (output.json()) {
            org.hsmpool.cli.common.OutputFormat.print(spec.commandLine().getOut(), pool.poolJson().read());
        }
        return 0;
    }

    /**
     * Waits until the manager at {@code url} (process {@code pid}, logging to {@code log}) has every node healthy;
     * fails at once when that process or one of {@code watched} (started for this command) has exited.
     */
    static JsonNode awaitHealthy(LocalPool pool, HttpClient http, String token, String url, PrintWriter out,
            long managerPid, Path log, List<ProcessStart> watched) throws Exception {
        Instant until = Instant.now().plusSeconds(TIMEOUT_SECONDS);
        out.print("starting ");
        out.flush();
        while (Instant.now().isBefore(until)) {
            try {
                watched.forEach(ProcessStart::requireRunning);
            } catch (UserError died) {
                out.println();
                throw died;
            }
            if (!ProcessHandle.of(managerPid).map(ProcessHandle::isAlive).orElse(false)) {
                out.println();
                throw new UserError("process " + managerPid + ", which serves " + url + ", stopped; see " + log);
            }
            try {
                HttpResponse<String> r = LocalPool.send(http, token, "GET", URI.create(url + "/hsmpool/status?api-version=7.5"), null);
                if (r.statusCode() == 200) {
                    JsonNode status = LocalPool.JSON.readTree(r.body());
                    long healthy = 0;
                    for (JsonNode n : status.path("nodes")) {
                        healthy += n.path("state").asText().equals("HEALTHY") ? 1 : 0;
                    }
                    if (healthy == status.path("nodes").size()) {
                        out.println(" all " + healthy + " nodes healthy");
                        return status;
                    }
                }
            } catch (java.io.IOException notYet) {
                // the manager is still starting
            }
            out.print(".");
            out.flush();
            Thread.sleep(500);
        }
        out.println();
        throw new UserError("the pool did not become healthy within " + TIMEOUT_SECONDS + " s; see "
                + log + " and " + pool.dir + "/node-*/node.log");
    }

    private static void activateDemo(LocalPool pool, HttpClient http, String token, String url, PrintWriter out)
            throws Exception {
        Path admins = OwnerOnly.directory(pool.dir.resolve("demo-admins"));
        StringBuilder passphrases = new StringBuilder("# UNSAFE: demo administrators of a throw-away pool. Never use in production.\n");
        List<Map<String, Object>> certificates = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        for (int i = 1; i <= 3; i++) {
            AdminKeyPair admin = AdminKeyPair.generate("demo-admin-" + i, Instant.now(), random);
            byte[] raw = new byte[12];
            random.nextBytes(raw);
            char[] passphrase = Base64.getUrlEncoder().withoutPadding().encodeToString(raw).toCharArray();
            OwnerOnly.writeString(admins.resolve("demo-admin-" + i + ".crt"), admin.certificatePem());
            OwnerOnly.writeString(admins.resolve("demo-admin-" + i + ".key"), admin.privateKeyPem(passphrase));
            passphrases.append("demo-admin-").append(i).append(' ').append(passphrase).append('\n');
            certificates.add(Map.of("kty", "RSA", "x5c", List.of(Base64.getEncoder().encodeToString(admin.certificate().getEncoded()))));
        }
        OwnerOnly.writeString(admins.resolve("PASSPHRASES-UNSAFE.txt"), passphrases);
        HttpResponse<String> r = LocalPool.send(http, token, "POST", URI.create(url + "/securitydomain/download?api-version=7.5"),
                LocalPool.JSON.writeValueAsString(Map.of("certificates", certificates, "required", 2)));
        if (r.statusCode() != 202) {
            throw new UserError("activation failed (" + r.statusCode() + "): " + r.body());
        }
        OwnerOnly.writeString(pool.dir.resolve("security-domain.json"), LocalPool.JSON.readTree(r.body()).get("value").asText());
        // the operator is an initial administrator (no key operations): give it the key roles too
        for (String role : List.of(CRYPTO_OFFICER, CRYPTO_USER)) {
            HttpResponse<String> a = LocalPool.send(http, token, "PUT", URI.create(url
                    + "/providers/Microsoft.Authorization/roleAssignments/" + java.util.UUID.randomUUID()
                    + "?api-version=7.5"), LocalPool.JSON.writeValueAsString(Map.of("properties",
                            Map.of("roleDefinitionId", role, "principalId", LocalPool.OPERATOR))));
            if (a.statusCode() != 201) {
                throw new UserError("assigning a role to the operator failed (" + a.statusCode() + "): " + a.body());
            }
        }
        out.println("activated with 3 DEMO administrators (quorum 2): keys and passphrases in " + admins
                + " -- UNSAFE, for trying the pool only; security domain in " + pool.dir.resolve("security-domain.json"));
        out.println("principal '" + LocalPool.OPERATOR + "' is an initial administrator and holds Managed HSM Crypto Officer"
                + " and Crypto User at /");
    }

    private static final String CRYPTO_OFFICER = "515eb02d-2335-4d2d-92f2-b1cbdf9c3778";
    private static final String CRYPTO_USER = "21dbd100-6940-42c2-9190-5d6cb909625b";

    static Path home() {
        String home = System.getProperty("hsmpool.home", System.getenv().getOrDefault("HSMPOOL_HOME", "."));
        Path p = Path.of(home).toAbsolutePath();
        if (!Files.exists(p.resolve("mvnw"))) {
            throw new UserError("cannot find the hsmpool sources at " + p + "; run hsmpool through its ./hsmpool launcher");
        }
        return p;
    }
}
