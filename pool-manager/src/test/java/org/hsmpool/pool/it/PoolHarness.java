package org.hsmpool.pool.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hsmpool.node.testing.NodeProcess;
import org.hsmpool.node.testing.TestPool;
import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.sd.AdminKeyPair;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A whole pool of real processes: three hsm-nodes on their own SoftHSM2 tokens and one manager,
 * sharing a pool CA; plus a REST client with a bearer token and the manager's identity for
 * looking into each node directly.
 */
public final class PoolHarness implements AutoCloseable {
    static final Path WORK = Path.of(System.getProperty("hsmpool.test.work", "target/it-pools"));
    public static final String TOKEN = "test-token-" + UUID.randomUUID();
    /** The principal of {@link #TOKEN}: an initial administrator, and after activation Crypto Officer and User. */
    public static final String TESTER = "tester";
    private static final String CRYPTO_OFFICER = "515eb02d-2335-4d2d-92f2-b1cbdf9c3778";
    private static final String CRYPTO_USER = "21dbd100-6940-42c2-9190-5d6cb909625b";

    public final TestPool pool;
    final List<NodeProcess> nodes = new ArrayList<>();
    public ManagerProcess manager;
    private final List<ManagerProcess> others = new ArrayList<>();
    RestClient rest;
    private final Path dir;
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    final List<AdminKeyPair> admins = new ArrayList<>();

    private final Map<String, String> managerProperties;
    private final List<String> principals;
    private final List<String> managerJvm;
    /**
     * The three administrators every harness activates with: made once per test JVM, since an RSA-3072 key
     * pair costs about 0.6 s to make and each pool's domain keys are its own anyway.
     */
    private static List<AdminKeyPair> sharedAdmins;

    public PoolHarness(String name, int nodeCount) throws Exception {
        this(name, nodeCount, Map.of());
    }

    /** {@code managerProperties}: configuration the manager process gets on top of the harness's own. */
    public PoolHarness(String name, int nodeCount, Map<String, String> managerProperties) throws Exception {
        this(name, nodeCount, managerProperties, List.of());
    }

    /** {@code principals}: more principals for the token file besides {@link #TESTER}, each with {@link #tokenOf}. */
    public PoolHarness(String name, int nodeCount, Map<String, String> managerProperties, List<String> principals)
            throws Exception {
        this(name, nodeCount, managerProperties, principals, org.hsmpool.node.testing.TestJvm.options());
    }

    /** {@code managerJvm}: the manager processes' JVM options (e.g. {@code TestJvm.fullJit()}). */
    public PoolHarness(String name, int nodeCount, Map<String, String> managerProperties, List<String> principals,
            List<String> managerJvm) throws Exception {
        this.managerJvm = List.copyOf(managerJvm);
        Map<String, String> properties = new LinkedHashMap<>(managerProperties);
        properties.putIfAbsent("hsmpool.pool.auth.initial-administrators", TESTER);
        this.managerProperties = Map.copyOf(properties);
        this.principals = List.copyOf(principals);
        dir = WORK.resolve(name + "-" + UUID.randomUUID().toString().substring(0, 8));
        pool = new TestPool(dir);
        try {
            start(nodeCount);
        } catch (Exception | AssertionError e) {
            close(); // a harness that failed half-way must not leave node processes behind
            throw e;
        }
    }

    private void start(int nodeCount) throws Exception {
        for (int i = 1; i <= nodeCount; i++) {
            NodeProcess node = pool.node("node-" + i).start();
            nodes.add(node);
            endpoints.put(node.name(), "127.0.0.1:" + node.port());
        }
        for (NodeProcess node : nodes) {
            node.awaitReady();
        }
        Path tokens = dir.resolve("tokens");
        StringBuilder lines = new StringBuilder(TESTER + " " + TOKEN + "\n");
        principals.forEach(p -> lines.append(p).append(' ').append(tokenOf(p)).append('\n'));
        Files.writeString(tokens, lines);
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
        manager = new ManagerProcess(dir, "manager", endpoints, tokens, managerProperties, managerJvm).start();
        rest = new RestClient(manager.port(), pool.caFile(), TOKEN);
        awaitNodes("HEALTHY", nodeCount, Duration.ofSeconds(60));
    }

    /**
     * Start a node process of this pool (a new token, a pool-CA certificate of {@code name}) that the
     * manager's configuration does not list: for adding it at run time. Closed with the harness.
     */
    public NodeProcess startUnlistedNode(String name) throws Exception {
        NodeProcess node = pool.node(name).start();
        nodes.add(node);
        node.awaitReady();
        return node;
    }

    /** Start a new manager process on the same store and nodes (after the old one died). */
    public ManagerProcess restartManager() throws Exception {
        manager.kill();
        manager = new ManagerProcess(dir, "manager", endpoints, dir.resolve("tokens"), managerProperties, managerJvm)
                .start();
        rest = new RestClient(manager.port(), pool.caFile(), TOKEN);
        return manager;
    }

    /**
     * Start one more manager process on the same nodes (and, with {@code properties} naming a
     * PostgreSQL store, the same store); its log is {@code <name>.log}, its audit file
     * {@code <name>-audit.jsonl}. Closed with the harness.
     */
    public ManagerProcess startManager(String name, Map<String, String> properties) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(managerProperties);
        all.putAll(properties);
        all.put("hsmpool.pool.audit.file", dir.resolve(name + "-audit.jsonl").toString());
        ManagerProcess more = new ManagerProcess(dir, name, endpoints, dir.resolve("tokens"), all, managerJvm).start();
        others.add(more);
        return more;
    }

    /** The current manager dies (SIGKILL); {@code next}, started with {@link #startManager}, takes its place here. */
    public void failOverTo(ManagerProcess next) throws Exception {
        manager.kill();
        manager = next;
        rest = new RestClient(next.port(), pool.caFile(), TOKEN);
    }

    /** Activate through the security-domain endpoint with three administrators, quorum two. */
    public String activate() throws Exception {
        List<Map<String, Object>> certificates = new ArrayList<>();
        for (AdminKeyPair admin : sharedAdmins()) {
            admins.add(admin);
            certificates.add(Map.of("kty", "RSA", "x5c", List.of(der(admin))));
        }
        RestClient.Reply reply = rest.post("/securitydomain/download", Map.of("certificates", certificates,
                "required", 2));
        if (reply.status() != 202) {
            throw new AssertionError("activation answered " + reply.status() + ": " + reply.raw());
        }
        grantTesterKeyRoles();
        String blob = reply.body().get("value").asText();
        // every activation in the tests also shows that a node of this pool attested the blob as returned
        try {
            var attestation = org.hsmpool.nodeapi.pki.ActivationAttestation.fromJson(RestClient.JSON.convertValue(
                    reply.body().get(org.hsmpool.nodeapi.pki.ActivationAttestation.MEMBER), Map.class));
            attestation.verify(blob, List.of(pool.ca().certificate()));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError("the activation's node attestation does not verify: " + e.getMessage(), e);
        }
        return blob;
    }

    private static synchronized List<AdminKeyPair> sharedAdmins() {
        if (sharedAdmins == null) {
            List<AdminKeyPair> made = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                made.add(AdminKeyPair.generate("admin-" + i, Instant.now(), new java.security.SecureRandom()));
            }
            sharedAdmins = List.copyOf(made);
        }
        return sharedAdmins;
    }

    /** The bearer token of a principal given to the constructor. */
    public static String tokenOf(String principal) {
        return TOKEN + "-" + principal;
    }

    /**
     * {@link #TESTER} is an initial administrator, which allows no key operation: assign it Crypto
     * Officer and Crypto User at {@code /} through the role-assignment API, as an operator would.
     */
    public void grantTesterKeyRoles() throws Exception {
        grantKeyRoles(TESTER);
    }

    /** Crypto Officer and Crypto User at {@code /} for {@code principalId}, assigned by the tester. */
    public void grantKeyRoles(String principalId) throws Exception {
        for (String role : List.of(CRYPTO_OFFICER, CRYPTO_USER)) {
            RestClient.Reply r = rest.raw("PUT", "/providers/Microsoft.Authorization/roleAssignments/"
                    + UUID.randomUUID() + "?api-version=7.5", RestClient.JSON.writeValueAsBytes(Map.of("properties",
                            Map.of("roleDefinitionId", role, "principalId", principalId))));
            if (r.status() != 201) {
                throw new AssertionError("assigning role " + role + " to " + principalId + " answered " + r.status()
                        + ": " + r.raw());
            }
        }
    }

    RestClient restWithToken(String token) throws Exception {
        return new RestClient(manager.port(), pool.caFile(), token);
    }

    /** The manager's SQLite store file. */
    public Path storeFile() {
        return dir.resolve("pool.db");
    }

    public JsonNode status() throws Exception {
        return rest.get("/hsmpool/status").body();
    }

    /** Wait until at least {@code count} nodes are in {@code state}. */
    public void awaitNodes(String state, int count, Duration timeout) throws Exception {
        Instant until = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(until)) {
            try {
                last = status();
                int n = 0;
                for (JsonNode node : last.get("nodes")) {
                    if (node.get("state").asText().equals(state)) {
                        n++;
                    }
                }
                if (n >= count) {
                    return;
                }
            } catch (Exception notYet) {
                // the manager may still be starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fewer than " + count + " nodes became " + state + ": " + last);
    }

    JsonNode nodeStatus(String name) throws Exception {
        for (JsonNode node : status().get("nodes")) {
            if (node.get("name").asText().equals(name)) {
                return node;
            }
        }
        throw new AssertionError("no node " + name);
    }

    NodeClient direct(NodeProcess node) {
        return pool.managerClient(node);
    }

    /** A client straight to node {@code index} (from 0), as the manager, to look into its token. */
    public NodeClient direct(int index) {
        return direct(nodes.get(index));
    }

    public int nodeCount() {
        return nodes.size();
    }

    private static String der(AdminKeyPair admin) {
        try {
            return Base64.getEncoder().encodeToString(admin.certificate().getEncoded());
        } catch (CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() throws Exception {
        for (ManagerProcess other : others) {
            other.close();
        }
        if (manager != null) {
            manager.close();
        }
        for (NodeProcess node : nodes) {
            node.close();
        }
    }
}
