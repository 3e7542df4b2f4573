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

    /**
     * Starts what is missing: the PostgreSQL server, the managers (on the ports {@link LocalPool#managerPort}
     * gives, or fresh ones where those are taken: the load balancer's configuration and {@code pool.json} get the
     * ports they listen on) and HAProxy on the pool's {@code port}. The managers started are {@code launch}'s too.
     */
    LocalPool.Several start(int port, List<LocalPool.Started> nodes, HttpClient http, String token, PoolLaunch launch)
            throws Exception {
        database.ensureInstalled(out);
        out.println("starting PostgreSQL in " + database.directory() + " ...");
        out.flush();
        LocalPool.SharedStore store = new LocalPool.SharedStore(database.start(), database.passwordFile());

        Map<String, Map.Entry<LocalPool.ManagerAddress, Long>> kept = new java.util.HashMap<>();
        long balancerPid = 0;
        if (java.nio.file.Files.exists(pool.poolJson().path())) {
            for (Map.Entry<LocalPool.ManagerAddress, Long> m : pool.poolJson().managers()) {
                if (m.getValue() != 0 && pool.processes().runsManager(m.getValue(), m.getKey().port())) {
                    kept.put(m.getKey().name(), m);
                }
            }
            long recorded = pool.poolJson().read().path("loadBalancer").path("pid").asLong();
            balancerPid = balancer.runs(recorded) ? recorded : 0;
        }
        if (balancerPid == 0) {
            ProcessStart.requireFree("HAProxy", port, "the pool's port");
        }
        List<LocalPool.ManagerAddress> managers = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        List<Integer> toStart = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Map.Entry<LocalPool.ManagerAddress, Long> running = kept.remove("manager-" + i);
            if (running != null) {
                out.println(running.getKey().name() + " still runs (pid " + running.getValue() + "): kept");
                managers.add(running.getKey());
                pids.add(running.getValue());
            } else {
                managers.add(new LocalPool.ManagerAddress("manager-" + i, LocalPool.managerPort(port, i)));
                pids.add(0L);
                toStart.add(i - 1);
            }
        }
        for (Map.Entry<LocalPool.ManagerAddress, Long> extra : kept.values()) {
            PoolProcesses.stop(extra.getValue()); // a manager beyond --managers
        }
        // a new store gets its pool from one manager before the others start on it
        boolean noneRuns = pids.stream().allMatch(p -> p == 0);
        if (noneRuns && !toStart.isEmpty()) {
            int first = toStart.remove(0);
            startManagers(List.of(first), managers, pids, nodes, store, launch, http, token);
        }
        startManagers(toStart, managers, pids, nodes, store, launch, http, token);
        if (balancerPid != 0 && !balancer.configuration(port, managers, pool.caFile()).equals(balancer.written())) {
            out.println("a manager moved to another port: starting HAProxy again");
            PoolProcesses.stop(balancerPid);
            balancerPid = 0;
        }
        if (balancerPid == 0) {
            balancerPid = balancer.start(port, managers, pool.caFile());
            out.println("HAProxy (pid " + balancerPid + ") on 127.0.0.1:" + port + " in front of " + count + " managers");
        }
        LocalPool.Several several = new LocalPool.Several(managers, pids, store, balancerPid);
        pool.poolJson().write("https://localhost:" + port, pids.get(0), nodes, "starting", several);
        lastStatus = UpCommand.awaitHealthy(pool, http, token, "https://localhost:" + port, out, balancerPid,
                pool.dir.resolve("haproxy.log"), launch.launched());
        return several;
    }

    /** Starts managers {@code which} together, records the ports they listen on, and waits until each is healthy. */
    private void startManagers(List<Integer> which, List<LocalPool.ManagerAddress> managers, List<Long> pids,
            List<LocalPool.Started> nodes, LocalPool.SharedStore store, PoolLaunch launch, HttpClient http, String token)
            throws Exception {
        List<ProcessStart> starts = new ArrayList<>();
        for (int i : which) {
            ProcessStart start = pool.processes().startManager(managers.get(i), null, () -> nodes, Optional.of(store));
            launch.launched(start);
            starts.add(start);
        }
        ProcessStart.awaitListening(starts, out);
        for (int k = 0; k < which.size(); k++) {
            int i = which.get(k);
            ProcessStart s = starts.get(k);
            managers.set(i, new LocalPool.ManagerAddress(managers.get(i).name(), s.port(), s.managementPort()));
            pids.set(i, s.pid());
        }
        for (int i : which) {
            LocalPool.ManagerAddress manager = managers.get(i);
            out.print(manager.name() + " (pid " + pids.get(i) + ", " + manager.url() + "): ");
            lastStatus = UpCommand.awaitHealthy(pool, http, token, manager.url(), out, pids.get(i),
                    pool.dir.resolve(manager.name() + ".log"), launch.launched());
        }
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
