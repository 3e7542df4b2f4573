package org.hsmpool.cli.pool;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.hsmpool.cli.common.UserError;
import org.hsmpool.nodeapi.pki.Pem;
import org.hsmpool.nodeapi.pki.PoolCa;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.nodeapi.provision.NodeDirectory;
import org.hsmpool.nodeapi.provision.OwnerOnly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The directory of a local pool and its processes. Layout: {@code ca/} (the pool CA's certificate
 * and key; only this CLI reads it), {@code manager/} (the manager's certificate, key and its copy of
 * the CA certificate), {@code node-N/} (SoftHSM2 directory, PIN files, certificate, {@code node.log}),
 * {@code pool.db} and {@code audit.jsonl} (the manager's store and audit log), {@code tokens}
 * (bearer tokens), {@code manager.log}, {@code pool.json} (for scripts). The directory and
 * everything in it are its owner's only (0700 directories, 0600 files). Provisioning is idempotent:
 * a second {@code up} reuses what is there and tightens the modes of an older pool.
 */
final class LocalPool {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OPERATOR = org.hsmpool.cli.remote.PoolConnection.OPERATOR;

    final Path dir;
    final Path home;

    LocalPool(Path dir, Path home) {
        this.dir = dir.toAbsolutePath();
        this.home = home.toAbsolutePath();
    }

    Path nodeJar() {
        return home.resolve("hsm-node/target/quarkus-app/quarkus-run.jar");
    }

    Path managerJar() {
        return home.resolve("pool-manager/target/quarkus-app/quarkus-run.jar");
    }

    Path caFile() {
        return dir.resolve("ca/ca.crt");
    }

    Path caKey() {
        return dir.resolve("ca/ca.key");
    }

    /** The manager's copy of the CA certificate, so that the manager reads nothing in {@code ca/}. */
    Path managerCaFile() {
        return dir.resolve("manager/ca.crt");
    }

    Path tokenFile() {
        return dir.resolve("tokens");
    }

    /** {@code pool.json}: what the pool records of its processes. */
    PoolJson poolJson() {
        return new PoolJson(this);
    }

    /** The pool's node and manager processes. */
    PoolProcesses processes() {
        return new PoolProcesses(this);
    }

    /** Build the node and manager applications when they are missing. */
    void ensureBuilt(java.io.PrintWriter progress) throws IOException, InterruptedException {
        if (Files.exists(nodeJar()) && Files.exists(managerJar())) {
            return;
        }
        OwnerOnly.file(dir.resolve("build.log"));
        Process build = new ProcessBuilder(home.resolve("mvnw").toString(), "-B", "-q", "-ntp", "-pl",
                "hsm-node,pool-manager", "-am", "install", "-DskipTests").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("build.log").toFile()))
                .start();
        int exit;
        try {
            exit = org.hsmpool.cli.common.Progress.during(progress, "building the node and the manager (first run only, a few"
                    + " minutes; log " + dir.resolve("build.log") + ")", build::waitFor);
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (exit != 0 || !Files.exists(managerJar())) {
            throw new UserError("the build failed; see " + dir.resolve("build.log") + " and run: cd " + home
                    + " && ./mvnw -pl hsm-node,pool-manager -am install -DskipTests");
        }
    }

    /** Pool CA, manager identity, tokens file, and per node a token and certificate. */
    void provision(int nodes) throws IOException {
        OwnerOnly.directory(dir);
        PoolCa ca;
        if (Files.exists(caFile())) {
            ca = PoolCa.load(caFile(), caKey());
        } else {
            ca = PoolCa.create(dir.getFileName().toString(), Duration.ofDays(3650));
            ca.writeTo(dir.resolve("ca"));
            ca.issue(PoolIdentity.manager("manager"), List.of("localhost", "127.0.0.1"), Duration.ofDays(825))
                    .writeTo(dir.resolve("manager"), "manager");
        }
        if (!Files.exists(tokenFile())) {
            byte[] token = new byte[32];
            new SecureRandom().nextBytes(token);
            OwnerOnly.writeString(tokenFile(), "# principal token (one per line); hsmpool token prints a token\n"
                    + OPERATOR + " " + HexFormat.of().formatHex(token) + "\n");
        }
        for (String name : memberNames(nodes)) {
            NodeDirectory.provision(dir.resolve(name), name, ca, caFile());
        }
        if (!Files.exists(managerCaFile())) {
            Files.copy(caFile(), managerCaFile());
        }
        ownerOnly();
    }

    /** 0700 on every directory of the pool and 0600 on every file, the pool's own directory included. */
    void ownerOnly() throws IOException {
        // the PostgreSQL server keeps its own directory as it needs it (its data may be another user's)
        try (var children = Files.list(dir)) {
            for (Path child : children.toList()) {
                if (!child.getFileName().toString().equals("postgres")) {
                    OwnerOnly.tree(child);
                }
            }
        }
        OwnerOnly.directory(dir);
    }

    /** A node of this pool: its name (also its directory's) and port on 127.0.0.1. */
    record Member(String name, int port) {
        String endpoint() {
            return "127.0.0.1:" + port;
        }
    }

    /**
     * The pool's nodes: those recorded in {@code pool.json} (so nodes added or removed since stay so),
     * or for a new pool node-1..node-N on the ports after the manager's.
     */
    List<Member> members(int nodes, int managerPort) throws IOException {
        List<Member> members = new ArrayList<>();
        if (Files.exists(poolJson().path())) {
            for (JsonNode n : poolJson().read().path("nodes")) {
                String endpoint = n.path("endpoint").asText();
                members.add(new Member(n.path("name").asText(), Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1))));
            }
        }
        if (members.isEmpty()) {
            for (int i = 1; i <= nodes; i++) {
                members.add(new Member("node-" + i, managerPort + i));
            }
        }
        return members;
    }

    private List<String> memberNames(int nodes) throws IOException {
        return members(nodes, 0).stream().map(Member::name).toList();
    }

    /** A node certificate and a new token for one more node (idempotent). */
    void provisionNode(String name) throws IOException {
        NodeDirectory.provision(dir.resolve(name), name, PoolCa.load(caFile(), caKey()), caFile());
        ownerOnly();
    }

    /** The operator's bearer token (from the tokens file). */
    String operatorToken() throws IOException {
        return org.hsmpool.cli.remote.PoolConnection.readToken(Files.readAllLines(tokenFile()), OPERATOR)
                .orElseThrow(() -> new UserError("no operator token in " + tokenFile() + "; add a line '" + OPERATOR
                        + " <token>' (a token is 16 or more letters and digits)"));
    }

    /** A node process: its name, pid (0: not running), API endpoint and management port (0: not known). */
    record Started(String name, long pid, String endpoint, int managementPort) {
    }

    /** The one manager of a pool on its SQLite file. */
    static final String SOLE_MANAGER = "manager";

    /**
     * A manager of this pool: {@value #SOLE_MANAGER} on the pool's port, or one of several
     * ({@code manager-1}..) on the ports {@link #managerPort} gives, behind the load balancer.
     */
    record ManagerAddress(String name, int port, int managementPort) {
        /** A manager whose management port is not known (or not yet chosen). */
        ManagerAddress(String name, int port) {
            this(name, port, 0);
        }

        String url() {
            return "https://localhost:" + port;
        }
    }

    /**
     * Manager {@code i} (from 1) of several: ports from the pool's port + 11 (the nodes of a new pool
     * take + 1..10, their management ports + 101..110, the managers' + 111..).
     */
    static int managerPort(int poolPort, int i) {
        return poolPort + 10 + i;
    }

    /** The PostgreSQL store several managers share: its JDBC URL and the password's file. */
    record SharedStore(String url, Path passwordFile) {
    }

    /** What {@code pool.json} records of a pool with several managers (pids 0 when stopped). */
    record Several(List<ManagerAddress> managers, List<Long> pids, SharedStore store, long loadBalancerPid) {
    }

    /** HTTPS to the manager, trusting only the pool CA, as the operator. */
    HttpClient http() throws Exception {
        SSLContext ssl = org.hsmpool.nodeapi.pki.TlsMaterial.clientContext(Pem.readCertificates(caFile()), java.util.Optional.empty());
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(3)).build();
    }

    static HttpResponse<String> send(HttpClient http, String token, String method, URI uri, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        r.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
