package org.hsmpool.cli.pool;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hsmpool.cli.common.UserError;
import org.hsmpool.nodeapi.provision.ContainerBundle;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hsmpool provision}: the files a containerised pool mounts (compose, Kubernetes). */
@Command(name = "provision", description = {
    "Writes what the container images mount into DIR: the pool CA, the manager's certificate, bearer tokens and"
        + " node list (manager/), and per node its certificate and random PINs (nodes/NAME/). Starts nothing;"
        + " each node initialises its SoftHSM2 token on its empty volume. Run again to add nodes: what exists is kept.",
    "With --managers N (2 to 5) the managers share a PostgreSQL store: its URL and user go into manager.properties,"
        + " a random password into database/ (mounted by the managers and by compose's PostgreSQL), and compose's"
        + " HAProxy configuration into haproxy/ (manager-1..N on port 8443, as `hsmpool up --managers N` writes it)."},
        footerHeading = "%nExamples:%n", footer = {
            "  hsmpool provision --dir deploy/compose/pool --managers 3",
            "  hsmpool provision --dir deploy/kubernetes/pool --manager-host hsmpool-manager \\",
            "      --node hsmpool-node-0=hsmpool-node-0 --node hsmpool-node-1=hsmpool-node-1 --node hsmpool-node-2=hsmpool-node-2 \\",
            "      --managers 3 --database-url jdbc:postgresql://db.example:5432/hsmpool"})
public final class ProvisionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "where to write (the CA key stays in DIR/ca: never mount it)")
    Path dir;

    @Option(names = "--nodes", defaultValue = "3", paramLabel = "N", description = "without --node: node-1..node-N, reached by those host names"
        + " (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--node", paramLabel = "NAME=HOST[,HOST...]", description = "a node and the host names the manager"
        + " reaches it by (the first is used); repeat for each node")
    List<String> explicitNodes = new ArrayList<>();

    @Option(names = "--manager-host", paramLabel = "HOST", description = "a host name clients reach the manager by;"
        + " repeat (default: localhost, 127.0.0.1, manager)")
    List<String> managerHosts = new ArrayList<>();

    @Option(names = "--managers", defaultValue = "1", paramLabel = "N", description = "managers serving at once (1 to 5;"
        + " default: ${DEFAULT-VALUE}, on a SQLite file); more than one share a PostgreSQL store")
    int managers;

    @Option(names = "--database-url", paramLabel = "URL", description = "the managers' PostgreSQL store (default with"
        + " --managers: jdbc:postgresql://postgres:5432/hsmpool, compose's PostgreSQL service); never a password in it")
    String databaseUrl;

    @Option(names = "--database-user", defaultValue = "hsmpool", paramLabel = "USER", description = "its user (default:"
        + " ${DEFAULT-VALUE}); the password is DIR/database/password, made at random when missing")
    String databaseUser;

    @Option(names = "--owner", paramLabel = "UID", description = "uid to own the mounted files (default: "
        + ContainerBundle.IMAGE_UID + ", the images' user, when run as root; -1 keeps the owner)")
    Integer owner;

    @picocli.CommandLine.Mixin
    org.hsmpool.cli.common.OutputFormat output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<ContainerBundle.Node> list = nodes();
        List<String> hosts = managerHosts.isEmpty() ? List.of("localhost", "127.0.0.1", "manager") : managerHosts;
        boolean root = "root".equals(System.getProperty("user.name"));
        int uid = owner != null ? owner : root ? ContainerBundle.IMAGE_UID : -1;
        if (managers < 1 || managers > 5) {
            throw new UserError("--managers must be 1 to 5");
        }
        ContainerBundle.Database database = null;
        if (managers > 1 || databaseUrl != null) {
            try {
                database = new ContainerBundle.Database(databaseUrl != null ? databaseUrl
                        : "jdbc:postgresql://postgres:5432/hsmpool", databaseUser);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        ContainerBundle bundle = new ContainerBundle(dir.toAbsolutePath()).write(list, hosts, uid, database);
        if (managers > 1) {
            writeFront(bundle, uid);
        }
        if (output.json()) {
            java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("dir", bundle.dir().toString());
            json.put("manager", bundle.managerDir().toString());
            json.put("nodes", list.stream().map(n -> java.util.Map.of("name", n.name(), "endpoint", n.endpoint(),
                    "dir", bundle.dir().resolve("nodes").resolve(n.name()).toString())).toList());
            json.put("owner", uid);
            org.hsmpool.cli.common.OutputFormat.print(out, json);
            return 0;
        }
        out.println("provisioned " + list.size() + " nodes in " + bundle.dir() + ":");
        out.println("  manager/          mount at /etc/hsmpool/manager (read-only)");
        list.forEach(n -> out.println("  nodes/" + n.name() + "/   mount at /etc/hsmpool/node (read-only); reached at "
                + n.endpoint()));
        if (database != null) {
            out.println("  database/         mount at " + ContainerBundle.DATABASE_MOUNT + " (read-only): the password of "
                    + database.user() + " at " + database.url());
        }
        if (managers > 1) {
            out.println("  haproxy/          mount at " + HAPROXY_MOUNT + " (read-only): compose's load balancer in front of "
                    + "manager-1..manager-" + managers);
        }
        out.println("  ca/ca.key         the pool CA's key: keep it offline, never mount it");
        if (uid < 0) {
            out.println("the images run as uid " + ContainerBundle.IMAGE_UID + ": give them the files with: sudo chown -R "
                    + ContainerBundle.IMAGE_UID + ":" + ContainerBundle.IMAGE_UID + " " + bundle.managerDir() + " "
                    + bundle.dir().resolve("nodes"));
        }
        out.flush();
        return 0;
    }

    /** Where compose's HAProxy container mounts {@code haproxy/}. */
    static final String HAPROXY_MOUNT = "/etc/hsmpool/haproxy";

    /**
     * compose's load balancer: the configuration {@code hsmpool up --managers N} runs HAProxy with, for
     * manager-1..N reached by their service names on 8443, clients on 8443, and the pool CA for the checks.
     */
    private void writeFront(ContainerBundle bundle, int uid) throws java.io.IOException {
        java.nio.file.Path front = bundle.dir().resolve("haproxy");
        java.nio.file.Files.createDirectories(front);
        List<LoadBalancer.Backend> backends = new ArrayList<>();
        for (int i = 1; i <= managers; i++) {
            backends.add(new LoadBalancer.Backend("manager-" + i, "manager-" + i, 8443));
        }
        java.nio.file.Files.writeString(front.resolve("haproxy.cfg"), LoadBalancer.configuration(
                "hsmpool provision; written again at every run", "*:8443", backends, HAPROXY_MOUNT + "/ca.crt", true));
        java.nio.file.Files.copy(bundle.caFile(), front.resolve("ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (uid >= 0) {
            for (java.nio.file.Path p : List.of(front, front.resolve("haproxy.cfg"), front.resolve("ca.crt"))) {
                java.nio.file.Files.setAttribute(p, "unix:uid", uid);
                java.nio.file.Files.setAttribute(p, "unix:gid", uid);
            }
        }
    }

    private List<ContainerBundle.Node> nodes() {
        if (explicitNodes.isEmpty()) {
            if (nodes < 1 || nodes > 10) {
                throw new UserError("--nodes must be 1 to 10");
            }
            List<ContainerBundle.Node> list = new ArrayList<>();
            for (int i = 1; i <= nodes; i++) {
                list.add(new ContainerBundle.Node("node-" + i, List.of("node-" + i)));
            }
            return list;
        }
        Map<String, ContainerBundle.Node> byName = new LinkedHashMap<>();
        for (String spec : explicitNodes) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new UserError("--node takes NAME=HOST[,HOST...], got: " + spec);
            }
            String name = spec.substring(0, eq);
            if (!name.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
                throw new UserError("node name '" + name + "' must be lower-case letters, digits and '-' (a host name)");
            }
            if (byName.put(name, new ContainerBundle.Node(name, Arrays.asList(spec.substring(eq + 1).split(",")))) != null) {
                throw new UserError("node " + name + " is given twice");
            }
        }
        return List.copyOf(byName.values());
    }
}
