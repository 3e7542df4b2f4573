package org.hsmpool.cli.pool;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.hsmpool.cli.pool.LocalPool.ManagerAddress;
import org.hsmpool.cli.pool.LocalPool.Member;
import org.hsmpool.cli.pool.LocalPool.Started;

/**
 * What one {@code hsmpool up} starts, until it listens ({@link ProcessStart}): the pool's nodes (those still
 * running from an earlier start are kept) and its one manager, started together. A node of a new pool that had
 * to move to another port is in the manager's configuration, so the manager is started again with the nodes'
 * new endpoints. A start that fails stops everything this {@code up} started ({@link #stopAll}).
 */
final class PoolLaunch {
    /** Why a node's port may not move in a pool started before. */
    static final String RECORDED = "its endpoint, recorded in pool.json; the manager's store may know the node there";

    private final LocalPool pool;
    private final PrintWriter out;
    /** Per member, in order: a kept node or one started now. */
    private final List<Supplier<Started>> nodes = new ArrayList<>();
    private final List<ProcessStart> nodeStarts = new ArrayList<>();
    private final List<ProcessStart> launched = new ArrayList<>();

    PoolLaunch(LocalPool pool, PrintWriter out) {
        this.pool = pool;
        this.out = out;
    }

    /**
     * Refuses, before anything starts, the ports that may not move and are taken: the manager's ({@code
     * managerPort}, 0 when a load balancer serves the pool's port) and, in a pool started before, those of the
     * nodes that are not kept running.
     */
    static void requireFixedPortsFree(List<Member> members, Map<String, Started> kept, boolean recorded,
            int managerPort, String managerPortOrigin) {
        if (managerPort > 0) {
            ProcessStart.requireFree(LocalPool.SOLE_MANAGER, managerPort, managerPortOrigin);
        }
        for (Member m : members) {
            Started running = kept.get(m.name());
            if (recorded && (running == null || !running.endpoint().equals(m.endpoint()))) {
                ProcessStart.requireFree(m.name(), m.port(), RECORDED);
            }
        }
    }

    /** Starts the members that do not run yet; {@code recorded}: their ports are the ones pool.json records. */
    void startNodes(List<Member> members, Map<String, Started> stillRunning, boolean recorded)
            throws IOException, InterruptedException {
        for (Member member : members) {
            Started kept = stillRunning.remove(member.name());
            if (kept != null && kept.endpoint().equals(member.endpoint())) {
                out.println(member.name() + " still runs (pid " + kept.pid() + "): kept");
                nodes.add(() -> kept);
            } else {
                if (kept != null) {
                    PoolProcesses.stop(kept.pid()); // recorded with another endpoint: start it as configured now
                }
                ProcessStart node = pool.processes().startNode(member, recorded ? RECORDED : null);
                launched.add(node);
                nodeStarts.add(node);
                nodes.add(() -> PoolProcesses.started(node));
            }
        }
        for (Started gone : stillRunning.values()) {
            PoolProcesses.stop(gone.pid()); // a node that is no longer a member
        }
    }

    /** Waits until every node started now listens, on fresh ports where one was taken. */
    void awaitNodes() throws IOException, InterruptedException {
        ProcessStart.awaitListening(nodeStarts, out);
    }

    /**
     * Starts the pool's one manager on {@code port} ({@code origin}: where that port comes from) while the nodes
     * start, and returns once all listen.
     */
    ProcessStart startManager(int port, String origin) throws IOException, InterruptedException {
        List<String> planned = nodes().stream().map(Started::endpoint).toList();
        ProcessStart manager = pool.processes().startManager(new ManagerAddress(LocalPool.SOLE_MANAGER, port), origin,
                this::nodes, Optional.empty());
        launched.add(manager);
        awaitNodes();
        if (!nodes().stream().map(Started::endpoint).toList().equals(planned)) {
            out.println("starting the manager again with the nodes' new endpoints");
            out.flush();
            manager.restart();
        }
        ProcessStart.awaitListening(List.of(manager), out);
        return manager;
    }

    /** The nodes as they are now: their pids and the ports they listen on. */
    List<Started> nodes() {
        return nodes.stream().map(Supplier::get).toList();
    }

    /** Registers a process started for this {@code up} elsewhere (a manager of several), to stop on failure. */
    void launched(ProcessStart start) {
        launched.add(start);
    }

    /** Every process this {@code up} started, to watch while the pool becomes healthy. */
    List<ProcessStart> launched() {
        return List.copyOf(launched);
    }

    /** Stops every process this {@code up} started (a failed start leaves nothing of its own running). */
    void stopAll() throws InterruptedException {
        for (ProcessStart p : launched) {
            p.stop();
        }
    }
}
