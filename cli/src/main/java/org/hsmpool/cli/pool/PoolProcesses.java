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
import org.hsmpool.nodeapi.provision.ProcessLog;
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

    /**
     * Starts node {@code member} on its port, which may move ({@code fixedBecause} null: a port of the cli's own
     * choice) or not (why not), and a management interface (health, metrics) on the port + 100 when that is free
     * and else on a fresh one: always an explicit port, since with port 0 the node could take the port chosen
     * for a node that starts after it.
     */
    ProcessStart startNode(Member member, String fixedBecause) throws IOException {
        NodeDirectory node = new NodeDirectory(pool.dir.resolve(member.name()), member.name());
        OwnerOnly.file(node.log());
        List<String> options = jvmOptions("HSMPOOL_NODE_JAVA_OPTIONS");
        int port = fixedBecause != null ? member.port() : ProcessStart.ownPort(member.port());
        return ProcessStart.launch(node.name(), new ProcessLog(node.log()), (api, management) -> {
            List<String> all = new ArrayList<>(options);
            all.add("-Dhsmpool.node.management-port=" + management);
            return node.command(java(), pool.nodeJar(), SoftHsmDirectory.DEFAULT_LIBRARY, api, node.pinFile(), all)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        }, port, fixedBecause, ProcessStart.ownPort(member.port() + 100));
    }

    /** What {@code pool.json} records of a node that listens. */
    static Started started(ProcessStart node) {
        return new Started(node.who(), node.pid(), "127.0.0.1:" + node.port(), node.managementPort());
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

    /**
     * Starts a manager process on {@code manager}'s port ({@code fixedBecause}: why it may not move, or null
     * when it is the cli's own choice) and a management interface (metrics, OpenAPI) on loopback, on the port
     * + 100 when that is free (the nodes' management ports are above it), else a fresh one. Its log is
     * {@code <name>.log}, its audit file the one {@code pool.json} records for it ({@link PoolJson#auditFile}).
     * The nodes are read at every launch, so a restart after a node moved gives it their new endpoints.
     */
    ProcessStart startManager(ManagerAddress manager, String fixedBecause, java.util.function.Supplier<List<Started>> nodes,
            java.util.Optional<SharedStore> shared) throws IOException {
        Path log = pool.dir.resolve(manager.name() + ".log");
        OwnerOnly.file(log);
        int port = fixedBecause != null ? manager.port() : ProcessStart.ownPort(manager.port());
        return ProcessStart.launch(manager.name(), new ProcessLog(log), (api, management) -> {
            List<String> cmd = new ArrayList<>(List.of(java()));
            cmd.addAll(jvmOptions("HSMPOOL_MANAGER_JAVA_OPTIONS"));
            cmd.addAll(List.of("-Dhsmpool.pool.store=" + pool.dir.resolve("pool.db"),
                    "-Dhsmpool.pool.port=" + api, "-Dhsmpool.pool.tls.certificate=" + pool.dir.resolve("manager/manager.crt"),
                    "-Dhsmpool.pool.tls.key=" + pool.dir.resolve("manager/manager.key"), "-Dhsmpool.pool.tls.ca=" + pool.managerCaFile(),
                    "-Dhsmpool.pool.auth.token-file=" + pool.tokenFile(),
                    "-Dhsmpool.pool.auth.initial-administrators=" + LocalPool.OPERATOR,
                    "-Dhsmpool.pool.management-port=" + management,
                    "-Dhsmpool.pool.audit.file=" + pool.poolJson().auditFile(manager.name(), shared.isPresent())));
            shared.ifPresent(store -> cmd.addAll(List.of("-Dhsmpool.pool.database.url=" + store.url(),
                    "-Dhsmpool.pool.database.password-file=" + store.passwordFile())));
            nodes.get().forEach(n -> cmd.add("-Dhsmpool.pool.nodes." + n.name() + "=" + n.endpoint()));
            cmd.addAll(List.of("-jar", pool.managerJar().toString()));
            return new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        }, port, fixedBecause, ProcessStart.ownPort(manager.port() + 100));
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
