package org.hsmpool.cli.pool;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hsmpool.cli.common.UserError;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code hsmpool up --managers N}, N > 1: the pool's PostgreSQL server ({@link PoolDatabase}), N
 * managers on it ({@code manager-1}.. on ports of their own), and HAProxy ({@link LoadBalancer}) on
 * the pool's port in front of them. Started again, it keeps what still runs and starts what is missing
 * (a manager that died, the load balancer, the server). The first manager of a new store starts alone,
 * so that one process creates the pool in it; the others start together after it.
 */
final class SharedPool {
    private final LocalPool pool;
    private final int count;
    private final PrintWriter out;
    private final PoolDatabase database;
    private final LoadBalancer balancer;
    private JsonNode lastStatus;

    SharedPool(LocalPool pool, int count, PrintWriter out) {
        this.pool = pool;
        this.count = count;
        this.out = out;
        this.database = new PoolDatabase(pool.home, pool.dir);
        this.balancer = new LoadBalancer(pool.dir);
    }

    /** Refuses to start a pool whose managers and load balancer all run already. */
    void refuseIfAllRun(Path dir) throws IOException {
        List<Map.Entry<LocalPool.ManagerAddress, Long>> recorded = pool.poolJson().managers();
        long running = recorded.stream().filter(m -> m.getValue() != 0).count();
        long balancerPid = pool.poolJson().read().path("loadBalancer").path("pid").asLong();
        if (running == count && recorded.size() == count && balancer.runs(balancerPid)) {
            throw new UserError("a pool is already running from " + pool.dir + " (" + running + " managers); stop it with:"
                    + " hsmpool down --dir " + dir);
        }
    }

    /** The status of the last manager that became healthy. */
    JsonNode lastStatus() {
        return lastStatus;
    }

    LocalPool.Several start(int port, List<LocalPool.Started> nodes, HttpClient http, String token) throws Exception {
        database.ensureInstalled(out);
        out.println("starting PostgreSQL in " + database.directory() + " ...");
        out.flush();
        LocalPool.SharedStore store = new LocalPool.SharedStore(database.start(), database.passwordFile());

        Map<String, Long> kept = new java.util.HashMap<>();
        long balancerPid = 0;
        if (java.nio.file.Files.exists(pool.poolJson().path())) {
            for (Map.Entry<LocalPool.ManagerAddress, Long> m : pool.poolJson().managers()) {
                if (m.getValue() != 0 && pool.processes().runsManager(m.getValue(), m.getKey().port())) {
                    kept.put(m.getKey().name(), m.getValue());
                }
            }
            long recorded = pool.poolJson().read().path("loadBalancer").path("pid").asLong();
            balancerPid = balancer.runs(recorded) ? recorded : 0;
        }
        List<LocalPool.ManagerAddress> managers = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            managers.add(new LocalPool.ManagerAddress("manager-" + i, LocalPool.managerPort(port, i)));
            pids.add(0L);
        }
        List<Integer> toStart = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Long pid = kept.remove(managers.get(i).name());
            if (pid != null) {
                out.println(managers.get(i).name() + " still runs (pid " + pid + "): kept");
                pids.set(i, pid);
            } else {
                toStart.add(i);
            }
        }
        for (long extra : kept.values()) {
            PoolProcesses.stop(extra); // a manager beyond --managers
        }
        pool.poolJson().write("https://localhost:" + port, 0, nodes, "starting",
                new LocalPool.Several(managers, pids, store, balancerPid));
        // a new store gets its pool from one manager before the others start on it
        boolean noneRuns = pids.stream().allMatch(p -> p == 0);
        if (noneRuns && !toStart.isEmpty()) {
            int first = toStart.remove(0);
            pids.set(first, pool.processes().startManager(managers.get(first), nodes, Optional.of(store)));
            await(managers.get(first), pids.get(first), http, token);
        }
        for (int i : toStart) {
            pids.set(i, pool.processes().startManager(managers.get(i), nodes, Optional.of(store)));
        }
        for (int i : toStart) {
            await(managers.get(i), pids.get(i), http, token);
        }
        if (balancerPid == 0) {
            balancerPid = balancer.start(port, managers, pool.caFile());
            out.println("HAProxy (pid " + balancerPid + ") on 127.0.0.1:" + port + " in front of " + count + " managers");
        }
        LocalPool.Several several = new LocalPool.Several(managers, pids, store, balancerPid);
        pool.poolJson().write("https://localhost:" + port, pids.get(0), nodes, "starting", several);
        lastStatus = UpCommand.awaitHealthy(pool, http, token, "https://localhost:" + port, out, balancerPid,
                pool.dir.resolve("haproxy.log"));
        return several;
    }

    private void await(LocalPool.ManagerAddress manager, long pid, HttpClient http, String token) throws Exception {
        out.print(manager.name() + " (pid " + pid + ", " + manager.url() + "): ");
        lastStatus = UpCommand.awaitHealthy(pool, http, token, manager.url(), out, pid,
                pool.dir.resolve(manager.name() + ".log"));
    }

    /** {@code hsmpool down}: the managers, the load balancer, then the PostgreSQL server (its data stays). */
    static int stop(LocalPool pool, JsonNode json) throws IOException, InterruptedException {
        int stopped = 0;
        for (Map.Entry<LocalPool.ManagerAddress, Long> m : pool.poolJson().managers()) {
            stopped += PoolProcesses.stop(m.getValue()) ? 1 : 0;
        }
        long balancerPid = json.path("loadBalancer").path("pid").asLong();
        if (new LoadBalancer(pool.dir).runs(balancerPid)) {
            stopped += PoolProcesses.stop(balancerPid) ? 1 : 0;
        }
        return stopped;
    }

    static void stopDatabase(LocalPool pool, Path home) throws IOException, InterruptedException {
        new PoolDatabase(home, pool.dir).stop();
    }
}
