package org.hsmpool.cli.pool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hsmpool.cli.common.UserError;
import org.hsmpool.cli.pool.LocalPool.ManagerAddress;
import org.hsmpool.cli.pool.LocalPool.Member;
import org.hsmpool.cli.pool.LocalPool.SharedStore;
import org.hsmpool.cli.pool.LocalPool.Started;
import org.hsmpool.nodeapi.provision.NodeDirectory;
import org.hsmpool.nodeapi.provision.OwnerOnly;
import org.hsmpool.nodeapi.provision.SoftHsmDirectory;

/**
 * A local pool's node and manager processes: started with their JVM options and logs, recognised by
 * their command lines (a recorded pid may since belong to another process), stopped.
 */
final class PoolProcesses {
    private final LocalPool pool;

    PoolProcesses(LocalPool pool) {
        this.pool = pool;
    }

    Started startNode(Member member) throws IOException {
        NodeDirectory node = new NodeDirectory(pool.dir.resolve(member.name()), member.name());
        OwnerOnly.file(node.log());
        // the management interface (health, metrics) on the node's port + 100: a fixed port, since
        // a random one could take the port of a node that starts after this one
        List<String> options = new ArrayList<>(jvmOptions("HSMPOOL_NODE_JAVA_OPTIONS"));
        options.add("-Dhsmpool.node.management-port=" + (member.port() + 100));
        Process p = node.command(java(), pool.nodeJar(), SoftHsmDirectory.DEFAULT_LIBRARY, member.port(), node.pinFile(),
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
        String certificate = "-Dhsmpool.node.tls.certificate=" + new NodeDirectory(pool.dir.resolve(name), name).certificate();
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(h -> h.info().arguments())
                .map(arguments -> List.of(arguments).contains(certificate)).orElse(false);
    }

    static boolean alive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    long startManager(int port, List<Started> nodes) throws IOException {
        return startManager(new ManagerAddress(LocalPool.SOLE_MANAGER, port), nodes, java.util.Optional.empty());
    }

    /**
     * Starts a manager process; its log is {@code <name>.log}, its audit file the one {@code pool.json}
     * records for it ({@link PoolJson#auditFile}).
     */
    long startManager(ManagerAddress manager, List<Started> nodes, java.util.Optional<SharedStore> shared)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(jvmOptions("HSMPOOL_MANAGER_JAVA_OPTIONS"));
        cmd.addAll(List.of("-Dhsmpool.pool.store=" + pool.dir.resolve("pool.db"),
                "-Dhsmpool.pool.port=" + manager.port(), "-Dhsmpool.pool.tls.certificate=" + pool.dir.resolve("manager/manager.crt"),
                "-Dhsmpool.pool.tls.key=" + pool.dir.resolve("manager/manager.key"), "-Dhsmpool.pool.tls.ca=" + pool.managerCaFile(),
                "-Dhsmpool.pool.auth.token-file=" + pool.tokenFile(),
                "-Dhsmpool.pool.auth.initial-administrators=" + LocalPool.OPERATOR,
                // metrics and OpenAPI on loopback, port + 100 (the nodes' management ports are above it)
                "-Dhsmpool.pool.management-port=" + (manager.port() + 100),
                "-Dhsmpool.pool.audit.file=" + pool.poolJson().auditFile(manager.name(), shared.isPresent())));
        shared.ifPresent(store -> cmd.addAll(List.of("-Dhsmpool.pool.database.url=" + store.url(),
                "-Dhsmpool.pool.database.password-file=" + store.passwordFile())));
        nodes.forEach(n -> cmd.add("-Dhsmpool.pool.nodes." + n.name() + "=" + n.endpoint()));
        cmd.addAll(List.of("-jar", pool.managerJar().toString()));
        Path log = pool.dir.resolve(manager.name() + ".log");
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
                .map(List::of).map(a -> a.contains("-Dhsmpool.pool.auth.token-file=" + pool.tokenFile())
                        && a.contains("-Dhsmpool.pool.port=" + port)).orElse(false);
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
