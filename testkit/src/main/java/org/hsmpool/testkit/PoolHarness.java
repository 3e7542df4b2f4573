package org.hsmpool.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.sd.AdminKeyPair;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A whole pool of real processes: three hsm-nodes on their own SoftHSM2 tokens and one manager,
 * sharing a pool CA; plus a REST client with a bearer token and the manager's identity for
 * looking into each node directly.
 */
public final class PoolHarness implements PoolUnderTest {
    public static final Path WORK = Path.of(System.getProperty("hsmpool.test.work", "target/it-pools"));
    public static final String TOKEN = "test-token-" + UUID.randomUUID();
    /** The principal of {@link #TOKEN}: an initial administrator, and after activation Crypto Officer and User. */
    public static final String TESTER = "tester";

    public final TestPool pool;
    public final List<NodeProcess> nodes = new ArrayList<>();
    public ManagerProcess manager;
    private final List<ManagerProcess> others = new ArrayList<>();
    public RestClient rest;
    private final Path dir;
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    /** The administrators of the last {@link #activate()}. */
    public final List<AdminKeyPair> admins = new ArrayList<>();

    private final Map<String, String> managerProperties;
    private final List<String> principals;
    private final List<String> managerJvm;

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
        this(name, nodeCount, managerProperties, principals, TestJvm.options());
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
            nodes.add(pool.node("node-" + i).start());
        }
        for (NodeProcess node : nodes) {
            // its port only now: a node that could not bind one was started again on another
            endpoints.put(node.name(), "127.0.0.1:" + node.awaitReady().port());
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

    /** A node or manager of this harness that exited without the test stopping or killing it fails the wait. */
    @Override
    public void requireRunning() {
        nodes.forEach(NodeProcess::requireRunning);
        if (manager != null) {
            manager.requireRunning();
        }
        others.forEach(ManagerProcess::requireRunning);
    }

    /** {@link Activation}: three administrators, quorum two; {@link #TESTER} gets the key roles. */
    @Override
    public String activate() throws Exception {
        admins.addAll(Activation.admins());
        return Activation.activate(this);
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
        Activation.grantKeyRoles(rest, principalId);
    }

    public RestClient restWithToken(String token) {
        return new RestClient(manager.port(), pool.caFile(), token);
    }

    /** The manager's SQLite store file. */
    public Path storeFile() {
        return dir.resolve("pool.db");
    }

    @Override
    public String url() {
        return "https://localhost:" + manager.port();
    }

    @Override
    public Path caFile() {
        return pool.caFile();
    }

    @Override
    public String principal() {
        return TESTER;
    }

    @Override
    public String token() {
        return TOKEN;
    }

    @Override
    public RestClient rest() {
        return rest;
    }

    public JsonNode nodeStatus(String name) throws Exception {
        for (JsonNode node : status().get("nodes")) {
            if (node.get("name").asText().equals(name)) {
                return node;
            }
        }
        throw new AssertionError("no node " + name);
    }

    public NodeClient direct(NodeProcess node) {
        return pool.managerClient(node);
    }

    /** A client straight to node {@code index} (from 0), as the manager, to look into its token. */
    public NodeClient direct(int index) {
        return direct(nodes.get(index));
    }

    public int nodeCount() {
        return nodes.size();
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
