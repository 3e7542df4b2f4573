package org.hsmpool.cli.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.hsmpool.nodeapi.provision.OwnerOnly;

/**
 * HAProxy (Debian's package) in front of a local pool's managers: one TCP port for clients, TLS
 * passed through to a manager (the manager's certificate is what clients check, and the key ids it
 * answers carry the load balancer's address, from the Host header). Each manager is checked every
 * 500 ms with {@code GET /q/health/ready} over TLS verified against the pool CA: a manager that does
 * not answer twice, or is not ready, gets no new connections until it is ready twice in a row. A
 * connection that cannot reach its manager is sent to another one ({@code option redispatch},
 * {@code retries}); a connection that breaks in the middle (the manager died) is the client's to
 * retry, which the Azure SDKs do by default. When no manager is ready (the store is down for all of
 * them), every manager is used as a backup without a check, so clients get the managers' 503 with
 * {@code Retry-After} instead of closed connections.
 */
final class LoadBalancer {
    private final Path dir;

    LoadBalancer(Path poolDir) {
        this.dir = poolDir;
    }

    Path config() {
        return dir.resolve("haproxy.cfg");
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/haproxy"));
    }

    /** A manager behind the load balancer: its name and where HAProxy reaches it. */
    record Backend(String name, String host, int port) {
    }

    /** The configuration for clients on 127.0.0.1:{@code port} and these managers. */
    String configuration(int port, List<LocalPool.ManagerAddress> managers, Path caFile) {
        return configuration("hsmpool up; written again at every start", "127.0.0.1:" + port, managers.stream()
                .map(m -> new Backend(m.name(), "127.0.0.1", m.port())).toList(), caFile.toString(), false);
    }

    /**
     * The configuration: clients on {@code bind}, these managers, checked against the pool CA in
     * {@code caFile}. {@code containerDns}: the managers are containers found by name through Docker's
     * DNS (127.0.0.11), looked up again when they restart, and HAProxy starts while one is missing.
     */
    static String configuration(String writtenBy, String bind, List<Backend> managers, String caFile,
            boolean containerDns) {
        StringBuilder c = new StringBuilder();
        c.append("# written by ").append(writtenBy).append('\n')
                .append("global\n")
                .append("    maxconn 4096\n");
        if (containerDns) {
            c.append("resolvers docker\n")
                    .append("    nameserver dns 127.0.0.11:53\n")
                    .append("    hold valid 1s\n");
        }
        c.append("defaults\n")
                .append("    mode tcp\n")
                .append("    timeout connect 2s\n")
                .append("    timeout client 5m\n")
                .append("    timeout server 5m\n")
                .append("    timeout check 2s\n")
                .append("    retries 3\n")
                .append("    option redispatch\n")
                .append("frontend keyvault\n")
                .append("    bind ").append(bind).append('\n')
                .append("    default_backend managers\n")
                .append("backend managers\n")
                .append("    balance leastconn\n")
                .append("    option allbackups\n")
                .append("    option httpchk\n")
                .append("    http-check send meth GET uri /q/health/ready ver HTTP/1.1 hdr Host localhost\n")
                .append("    http-check expect status 200\n")
                .append("    default-server check check-ssl verify required ca-file ").append(caFile)
                .append(" inter 500ms fall 2 rise 2 on-marked-down shutdown-sessions")
                // allow-dup-ip: the backup entries share their manager's address, which HAProxy's resolver
                // would otherwise give to one server of the backend only
                .append(containerDns ? " resolvers docker init-addr last,libc,none resolve-opts allow-dup-ip" : "")
                .append('\n');
        for (Backend m : managers) {
            c.append("    server ").append(m.name()).append(' ').append(m.host()).append(':').append(m.port()).append('\n');
        }
        // when no manager is ready (the store is down for all of them) the managers still answer,
        // 503 with Retry-After, rather than the load balancer closing every connection
        for (Backend m : managers) {
            c.append("    server ").append(m.name()).append("-unready ").append(m.host()).append(':').append(m.port())
                    .append(" backup no-check\n");
        }
        return c.toString();
    }

    /** The configuration the running HAProxy was started with ("" when there is none). */
    String written() throws IOException {
        return Files.exists(config()) ? Files.readString(config()) : "";
    }

    /** Writes the configuration, checks it, and starts HAProxy in the background; its pid. */
    long start(int port, List<LocalPool.ManagerAddress> managers, Path caFile) throws IOException, InterruptedException {
        OwnerOnly.writeString(config(), configuration(port, managers, caFile));
        Path log = dir.resolve("haproxy.log");
        OwnerOnly.file(log);
        Process check = new ProcessBuilder("/usr/sbin/haproxy", "-c", "-q", "-f", config().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (check.waitFor() != 0) {
            throw new org.hsmpool.cli.common.UserError("HAProxy refuses its configuration " + config() + "; see " + log);
        }
        // -db: in the foreground of its own process (no daemon fork), so that the pid is HAProxy's
        return new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", config().toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start().pid();
    }

    /** Whether {@code pid} is this pool's HAProxy (its command line names this pool's configuration). */
    boolean runs(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(h -> h.info().arguments())
                .map(arguments -> List.of(arguments).contains(config().toString())).orElse(false);
    }
}
