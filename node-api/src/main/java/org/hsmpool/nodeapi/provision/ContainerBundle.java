package org.hsmpool.nodeapi.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.hsmpool.nodeapi.pki.PoolCa;
import org.hsmpool.nodeapi.pki.PoolIdentity;

/**
 * What a containerised pool mounts: the pool CA, the manager's identity, bearer tokens and node list,
 * and per node its identity and random PINs. No token is made here: the node image initialises its
 * SoftHSM2 token on an empty volume with these PINs. Layout, as the images and manifests expect it:
 * <pre>
 * ca/ca.crt, ca/ca.key                  the pool CA (its key is never mounted)
 * manager/ca.crt manager.crt manager.key tokens manager.properties
 * nodes/NAME/ca.crt node.crt node.key user.pin so.pin
 * database/password                     with a {@link Database}: the PostgreSQL user's password
 * </pre>
 * Idempotent: what exists is kept, so a second run adds only new nodes. Secret files are 0600 and,
 * when {@code owner} is given and this process may, owned by that uid (the images run as 10001).
 */
public record ContainerBundle(Path dir) {
    /** The uid and gid the images run as. */
    public static final int IMAGE_UID = 10001;
    public static final int NODE_PORT = 9443;
    public static final String OPERATOR = "operator";

    /** A node: its name (its certificate's identity) and the host names the manager reaches it by. */
    public record Node(String name, List<String> hostNames) {
        public Node {
            hostNames = List.copyOf(hostNames);
            if (hostNames.isEmpty()) {
                throw new IllegalArgumentException("node " + name + " needs a host name");
            }
        }

        public String endpoint() {
            return hostNames.get(0) + ":" + NODE_PORT;
        }
    }

    /**
     * The PostgreSQL store that several managers share: its JDBC URL and user go into
     * {@code manager.properties}, its password into {@code database/password}, which the managers
     * (and compose's PostgreSQL container) mount at {@link #DATABASE_MOUNT}.
     */
    public record Database(String url, String user) {
        public Database {
            if (!url.startsWith("jdbc:postgresql://") || url.contains("password=")) {
                throw new IllegalArgumentException("the database URL must be jdbc:postgresql://HOST:PORT/DB without a"
                        + " password, got " + url);
            }
            if (!user.matches("[a-z_][a-z0-9_]{0,62}")) {
                throw new IllegalArgumentException("the database user must be a lower-case PostgreSQL name, got " + user);
            }
        }
    }

    /** Where the containers mount {@code database/}. */
    public static final String DATABASE_MOUNT = "/etc/hsmpool/database";

    public Path databaseDir() {
        return dir.resolve("database");
    }

    public Path caFile() {
        return dir.resolve("ca/ca.crt");
    }

    public Path managerDir() {
        return dir.resolve("manager");
    }

    public Path nodeDir(String name) {
        return dir.resolve("nodes").resolve(name);
    }

    /** The operator's bearer token, from {@code manager/tokens}. */
    public String operatorToken() throws IOException {
        return Files.readAllLines(managerDir().resolve("tokens")).stream().filter(l -> l.startsWith(OPERATOR + " "))
                .map(l -> l.substring(OPERATOR.length() + 1).trim()).findFirst()
                .orElseThrow(() -> new IOException("no '" + OPERATOR + " <token>' line in " + managerDir().resolve("tokens")));
    }

    /**
     * Write what is missing. {@code managerHostNames}: the names clients and probes reach the manager
     * by (its certificate's SANs). {@code owner}: the uid to own the mounted files, or -1.
     */
    public ContainerBundle write(List<Node> nodes, List<String> managerHostNames, int owner) throws IOException {
        return write(nodes, managerHostNames, owner, null);
    }

    /** Like {@link #write(List, List, int)}, for managers on {@code database} (null: one manager on SQLite). */
    public ContainerBundle write(List<Node> nodes, List<String> managerHostNames, int owner, Database database)
            throws IOException {
        Files.createDirectories(dir);
        PoolCa ca;
        if (Files.exists(caFile())) {
            ca = PoolCa.load(caFile(), dir.resolve("ca/ca.key"));
        } else {
            ca = PoolCa.create(dir.toAbsolutePath().getFileName().toString(), Duration.ofDays(3650));
            ca.writeTo(dir.resolve("ca"));
        }
        Path manager = managerDir();
        if (!Files.exists(manager.resolve("manager.crt"))) {
            ca.issue(PoolIdentity.manager("manager"), managerHostNames, Duration.ofDays(825)).writeTo(manager, "manager");
        }
        Files.copy(caFile(), manager.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
        if (!Files.exists(manager.resolve("tokens"))) {
            writeSecret(manager.resolve("tokens"), "# principal token (one per line)\n" + OPERATOR + " " + random(32) + "\n");
        }
        Map<String, String> endpoints = new LinkedHashMap<>();
        for (Node node : nodes) {
            Path d = nodeDir(node.name());
            if (!Files.exists(d.resolve("node.crt"))) {
                ca.issue(PoolIdentity.node(node.name()), node.hostNames(), Duration.ofDays(825)).writeTo(d, "node");
            }
            Files.copy(caFile(), d.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
            for (String pin : List.of("user.pin", "so.pin")) {
                if (!Files.exists(d.resolve(pin))) {
                    writeSecret(d.resolve(pin), random(12));
                }
            }
            endpoints.put(node.name(), node.endpoint());
        }
        StringBuilder props = new StringBuilder("# the pool's nodes (hsmpool.pool.nodes.<name>=host:port) and who administers it first\n"
                + "hsmpool.pool.auth.initial-administrators=" + OPERATOR + "\n");
        endpoints.forEach((name, endpoint) -> props.append("hsmpool.pool.nodes.").append(name).append('=')
                .append(endpoint).append('\n'));
        List<Path> owned = new ArrayList<>(List.of(manager));
        if (database != null) {
            props.append("# the store the managers share (docs/store.md, PostgreSQL); the password is a mounted file\n")
                    .append("hsmpool.pool.database.url=").append(database.url()).append('\n')
                    .append("hsmpool.pool.database.user=").append(database.user()).append('\n')
                    .append("hsmpool.pool.database.password-file=").append(DATABASE_MOUNT).append("/password\n");
            Files.createDirectories(databaseDir());
            if (!Files.exists(databaseDir().resolve("password"))) {
                writeSecret(databaseDir().resolve("password"), random(24));
            }
            owned.add(databaseDir());
        }
        Files.writeString(manager.resolve("manager.properties"), props, StandardCharsets.UTF_8);
        if (owner >= 0) {
            owned.addAll(nodes.stream().map(n -> nodeDir(n.name())).toList());
            chown(owner, owned);
        }
        return this;
    }

    private static void chown(int owner, List<Path> dirs) throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path d : dirs) {
            all.add(d);
            try (Stream<Path> files = Files.list(d)) {
                files.forEach(all::add);
            }
        }
        for (Path p : all) {
            try {
                if (Files.isDirectory(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
                }
                Files.setAttribute(p, "unix:uid", owner);
                Files.setAttribute(p, "unix:gid", owner);
            } catch (IOException | SecurityException e) {
                throw new IOException("cannot give " + p + " to uid " + owner + " (the images' user); run as root, or"
                        + " chown -R " + owner + ":" + owner + " it yourself: " + e.getMessage(), e);
            }
        }
    }

    private static void writeSecret(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static String random(int bytes) {
        byte[] raw = new byte[bytes];
        new SecureRandom().nextBytes(raw);
        String hex = HexFormat.of().formatHex(raw);
        Arrays.fill(raw, (byte) 0);
        return hex;
    }
}
