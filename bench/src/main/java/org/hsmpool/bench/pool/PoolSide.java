package org.hsmpool.bench.pool;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.hsmpool.bench.core.Load;
import org.hsmpool.bench.core.Operation;
import org.hsmpool.bench.core.Round;
import org.hsmpool.bench.core.Side;
import org.hsmpool.bench.core.Target;

/**
 * A pool of N nodes under load from this process, or from {@code wrk} in closed loop. Its CPU report
 * names the manager, each node and the load generator (this process, {@code loadgen}; and {@code wrk}
 * in a wrk round), which share the machine's cores with the pool.
 */
public final class PoolSide implements Side {
    private final LocalPoolProcess pool;
    private final PoolTarget target;
    private final Optional<Wrk> wrk;
    private final Map<Operation, Target.Call> calls = new EnumMap<>(Operation.class);
    private final Map<Operation, PoolTarget.Request> requests = new EnumMap<>(Operation.class);
    private Map<String, Double> cpuOfLastRound = Map.of();

    private PoolSide(LocalPoolProcess pool, PoolTarget target, Optional<Wrk> wrk) {
        this.pool = pool;
        this.target = target;
        this.wrk = wrk;
    }

    public static PoolSide start(Path home, Path dir, int nodes) throws Exception {
        LocalPoolProcess pool = LocalPoolProcess.start(home, dir, nodes);
        try {
            PoolTarget target = new PoolTarget(pool.url(), pool.caFile(), pool.operatorToken());
            target.createKeys();
            return new PoolSide(pool, target, Wrk.in(dir.resolve("wrk"), pool.operatorToken()));
        } catch (Exception | Error e) {
            pool.close();
            throw e;
        }
    }

    /** Whether rounds in {@link Side.Mode#wrk} mode can run ({@code wrk} is on the PATH). */
    public boolean hasWrk() {
        return wrk.isPresent();
    }

    @Override
    public Map<String, Long> processes() {
        Map<String, Long> pids = new LinkedHashMap<>(pool.processes());
        pids.put("loadgen", ProcessHandle.current().pid());
        return pids;
    }

    @Override
    public Map<String, Double> cpuOfLastRound() {
        return cpuOfLastRound;
    }

    /** The pool's processes by name (for a profiler to attach to). */
    public LocalPoolProcess pool() {
        return pool;
    }

    @Override
    public void prepare(Operation op) throws Exception {
        if (op == Operation.RSA_2048_CREATE) {
            calls.put(op, target.prepare(op)); // a new key name per call: no fixed request
            return;
        }
        PoolTarget.Request r = target.request(op);
        requests.put(op, r);
        calls.put(op, target.call(r));
    }

    @Override
    public Round round(Operation op, Mode mode, double seconds) throws Exception {
        cpuOfLastRound = Map.of();
        if (mode.wrk()) {
            PoolTarget.Request r = requests.get(op);
            if (r == null || r.mustContain() != null) {
                throw new IllegalArgumentException("wrk sends fixed requests judged by status only; not " + op);
            }
            Wrk.Result result = wrk.orElseThrow(() -> new IllegalStateException("wrk is not on the PATH"))
                    .run(target.url(r), r.body(), mode.concurrency(), seconds);
            cpuOfLastRound = Map.of("wrk", result.cpuSeconds());
            return result.round();
        }
        Target.Call call = calls.get(op);
        return mode.openLoop() ? Load.open(call, mode.rate(), seconds) : Load.closed(call, mode.concurrency(), seconds);
    }

    @Override
    public void close() {
        pool.close();
    }
}
