package org.hsmpool.cli.pool;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.hsmpool.cli.common.UserError;
import org.hsmpool.nodeapi.pki.Pem;
import org.hsmpool.nodeapi.pki.PoolCa;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.nodeapi.provision.NodeDirectory;
import org.hsmpool.nodeapi.provision.OwnerOnly;
import org.hsmpool.nodeapi.provision.SoftHsmDirectory;

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

    Path poolJson() {
        return dir.resolve("pool.json");
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
        if (Files.exists(poolJson())) {
            for (JsonNode n : readPoolJson().path("nodes")) {
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

    /** The port the pool's manager listens on, from {@code pool.json}, if the pool has been started before. */
    java.util.Optional<Integer> recordedPort() throws IOException {
        if (!Files.exists(poolJson())) {
            return java.util.Optional.empty();
        }
        URI url = URI.create(readPoolJson().path("url").asText("https://localhost:0"));
        return url.getPort() > 0 ? java.util.Optional.of(url.getPort()) : java.util.Optional.empty();
    }

    /** The operator's bearer token (from the tokens file). */
    String operatorToken() throws IOException {
        return org.hsmpool.cli.remote.PoolConnection.readToken(Files.readAllLines(tokenFile()), OPERATOR)
                .orElseThrow(() -> new UserError("no operator token in " + tokenFile() + "; add a line '" + OPERATOR
                        + " <token>' (a token is 16 or more letters and digits)"));
    }

    record Started(String name, long pid, String endpoint) {
    }

    Started startNode(Member member) throws IOException {
        NodeDirectory node = new NodeDirectory(dir.resolve(member.name()), member.name());
        OwnerOnly.file(node.log());
        // the management interface (health, metrics) on the node's port + 100: a fixed port, since
        // a random one could take the port of a node that starts after this one
        List<String> options = new ArrayList<>(jvmOptions("HSMPOOL_NODE_JAVA_OPTIONS"));
        options.add("-Dhsmpool.node.management-port=" + (member.port() + 100));
        Process p = node.command(java(), nodeJar(), SoftHsmDirectory.DEFAULT_LIBRARY, member.port(), node.pinFile(),
                options)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        return new Started(node.name(), p.pid(), member.endpoint());
    }

    /** SIGTERM, then SIGKILL after 15 s; true when the process was running. */
    static boolean stop(long pid) throws InterruptedException {
        var handle = ProcessHandle.of(pid);
        if (pid <= 0 || handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        handle.get().destroy();
        try {
            handle.get().onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            handle.get().destroyForcibly();
            try {
                handle.get().onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException stillThere) {
                throw new UserError("process " + pid + " does not stop even after SIGKILL; look at it with: ps -p " + pid);
            }
        }
        return true;
    }

    /**
     * Whether {@code pid} is this pool's node {@code name}: its command line names the node's
     * certificate. A pid recorded earlier may since belong to another process.
     */
    boolean runsNode(long pid, String name) {
        String certificate = "-Dhsmpool.node.tls.certificate=" + new NodeDirectory(dir.resolve(name), name).certificate();
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(h -> h.info().arguments())
                .map(arguments -> List.of(arguments).contains(certificate)).orElse(false);
    }

    static boolean alive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The one manager of a pool on its SQLite file. */
    static final String SOLE_MANAGER = "manager";

    /**
     * A manager of this pool: {@value #SOLE_MANAGER} on the pool's port, or one of several
     * ({@code manager-1}..) on the ports {@link #managerPort} gives, behind the load balancer.
     */
    record ManagerAddress(String name, int port) {
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

    long startManager(int port, List<Started> nodes) throws IOException {
        return startManager(new ManagerAddress(SOLE_MANAGER, port), nodes, java.util.Optional.empty());
    }

    /**
     * Starts a manager process; its log is {@code <name>.log}. One of several on a shared store keeps
     * its own audit file ({@code <name>-audit.jsonl}).
     */
    long startManager(ManagerAddress manager, List<Started> nodes, java.util.Optional<SharedStore> shared)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(jvmOptions("HSMPOOL_MANAGER_JAVA_OPTIONS"));
        cmd.addAll(List.of("-Dhsmpool.pool.store=" + dir.resolve("pool.db"),
                "-Dhsmpool.pool.port=" + manager.port(), "-Dhsmpool.pool.tls.certificate=" + dir.resolve("manager/manager.crt"),
                "-Dhsmpool.pool.tls.key=" + dir.resolve("manager/manager.key"), "-Dhsmpool.pool.tls.ca=" + managerCaFile(),
                "-Dhsmpool.pool.auth.token-file=" + tokenFile(),
                "-Dhsmpool.pool.auth.initial-administrators=" + OPERATOR,
                // metrics and OpenAPI on loopback, port + 100 (the nodes' management ports are above it)
                "-Dhsmpool.pool.management-port=" + (manager.port() + 100)));
        shared.ifPresent(store -> cmd.addAll(List.of("-Dhsmpool.pool.database.url=" + store.url(),
                "-Dhsmpool.pool.database.password-file=" + store.passwordFile(),
                "-Dhsmpool.pool.audit.file=" + dir.resolve(manager.name() + "-audit.jsonl"))));
        nodes.forEach(n -> cmd.add("-Dhsmpool.pool.nodes." + n.name() + "=" + n.endpoint()));
        cmd.addAll(List.of("-jar", managerJar().toString()));
        Path log = dir.resolve(manager.name() + ".log");
        OwnerOnly.file(log);
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start().pid();
    }

    /**
     * Whether {@code pid} is a manager of this pool on {@code port}: its command line names the pool's
     * token file and the port. A pid recorded earlier may since belong to another process.
     */
    boolean runsManager(long pid, int port) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(h -> h.info().arguments())
                .map(List::of).map(a -> a.contains("-Dhsmpool.pool.auth.token-file=" + tokenFile())
                        && a.contains("-Dhsmpool.pool.port=" + port)).orElse(false);
    }

    void writePoolJson(String url, long managerPid, List<Started> nodes, String state) throws IOException {
        writePoolJson(url, managerPid, nodes, state, null);
    }

    /**
     * {@code pool.json}; {@code several}: the managers, store and load balancer of a pool with several
     * managers (null: one manager on the SQLite file).
     */
    void writePoolJson(String url, long managerPid, List<Started> nodes, String state, Several several)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url);
        m.put("caCertificate", caFile().toString());
        m.put("tokenFile", tokenFile().toString());
        m.put("managerPid", managerPid);
        if (several == null) {
            m.put("managers", List.of(Map.of("name", SOLE_MANAGER, "pid", managerPid, "url", url)));
            m.put("store", Map.of("kind", "sqlite", "file", dir.resolve("pool.db").toString()));
        } else {
            List<Map<String, Object>> managers = new ArrayList<>();
            for (int i = 0; i < several.managers().size(); i++) {
                ManagerAddress a = several.managers().get(i);
                managers.add(Map.of("name", a.name(), "pid", several.pids().get(i), "url", a.url()));
            }
            m.put("managers", managers);
            m.put("store", Map.of("kind", "postgresql", "url", several.store().url(), "directory",
                    PoolDatabase.serverDirectory(dir).toString()));
            m.put("loadBalancer", Map.of("kind", "haproxy", "pid", several.loadBalancerPid(), "config",
                    dir.resolve("haproxy.cfg").toString()));
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Started n : nodes) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", n.name());
            node.put("pid", n.pid());
            node.put("endpoint", n.endpoint());
            list.add(node);
        }
        m.put("nodes", list);
        m.put("state", state);
        // written whole, then renamed: a script never reads half a file
        Path tmp = dir.resolve("pool.json.tmp");
        OwnerOnly.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m));
        Files.move(tmp, poolJson(), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** What {@code pool.json} records of a pool with several managers (pids 0 when stopped). */
    record Several(List<ManagerAddress> managers, List<Long> pids, SharedStore store, long loadBalancerPid) {
    }

    /** The pool's managers recorded in {@code pool.json} with their pids (0: gone); empty for an older pool. */
    List<Map.Entry<ManagerAddress, Long>> recordedManagers() throws IOException {
        List<Map.Entry<ManagerAddress, Long>> managers = new ArrayList<>();
        for (JsonNode m : readPoolJson().path("managers")) {
            long pid = m.path("pid").asLong();
            managers.add(Map.entry(new ManagerAddress(m.path("name").asText(),
                    URI.create(m.path("url").asText()).getPort()), alive(pid) ? pid : 0));
        }
        return managers;
    }

    /** What {@code pool.json} records of a pool with several managers; null for a pool of one. */
    Several recordedSeveral() throws IOException {
        if (!sharedStore()) {
            return null;
        }
        JsonNode json = readPoolJson();
        List<Map.Entry<ManagerAddress, Long>> managers = recordedManagers();
        return new Several(managers.stream().map(Map.Entry::getKey).toList(),
                managers.stream().map(Map.Entry::getValue).toList(),
                new SharedStore(json.at("/store/url").asText(), PoolDatabase.serverDirectory(dir).resolve("password")),
                alive(json.at("/loadBalancer/pid").asLong()) ? json.at("/loadBalancer/pid").asLong() : 0);
    }

    /** Whether {@code pool.json} says the pool's store is a PostgreSQL server of its own. */
    boolean sharedStore() throws IOException {
        return Files.exists(poolJson()) && readPoolJson().path("store").path("kind").asText().equals("postgresql");
    }

    /** The processes recorded in {@code pool.json} as they now are: a pid whose process is gone is 0. */
    List<Started> recordedNodes() throws IOException {
        List<Started> nodes = new ArrayList<>();
        for (JsonNode n : readPoolJson().path("nodes")) {
            long pid = n.path("pid").asLong();
            nodes.add(new Started(n.path("name").asText(), alive(pid) ? pid : 0, n.path("endpoint").asText()));
        }
        return nodes;
    }

    JsonNode readPoolJson() throws IOException {
        if (!Files.exists(poolJson())) {
            throw new UserError("no pool in " + dir + " (no pool.json); start one with: hsmpool up --dir " + dir);
        }
        return JSON.readTree(Files.readString(poolJson()));
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

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /**
     * Extra JVM options for every node and manager process this pool starts, from
     * {@code HSMPOOL_JAVA_OPTIONS} (whitespace-separated, no shell involved), e.g. {@code -Xmx512m}, then
     * those of the variable {@code roleVariable} (the nodes' or the manager's own), which come later on
     * the command line and so win where both set the same option.
     */
    static List<String> jvmOptions(String roleVariable) {
        List<String> all = new ArrayList<>();
        for (String variable : List.of("HSMPOOL_JAVA_OPTIONS", roleVariable)) {
            String options = System.getenv().getOrDefault(variable, "").strip();
            if (!options.isEmpty()) {
                all.addAll(List.of(options.split("\\s+")));
            }
        }
        return all;
    }
}
