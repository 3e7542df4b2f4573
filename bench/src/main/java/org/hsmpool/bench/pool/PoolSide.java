package org.hsmpool.bench.pool;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hsmpool.bench.core.Load;
import org.hsmpool.bench.core.Operation;
import org.hsmpool.bench.core.Round;
import org.hsmpool.bench.core.Side;
import org.hsmpool.bench.core.Target;

/**
 * A pool of N nodes under load from this process. Its CPU report names the manager, each node and
 * the load generator itself (which shares the machine's cores with the pool).
 */
public final class PoolSide implements Side {
    private final LocalPoolProcess pool;
    private final PoolTarget target;
    private final Map<Operation, Target.Call> calls = new EnumMap<>(Operation.class);

    private PoolSide(LocalPoolProcess pool, PoolTarget target) {
        this.pool = pool;
        this.target = target;
    }

    public static PoolSide start(Path home, Path dir, int nodes) throws Exception {
        LocalPoolProcess pool = LocalPoolProcess.start(home, dir, nodes);
        try {
            PoolTarget target = new PoolTarget(pool.url(), pool.caFile(), pool.operatorToken());
            target.createKeys();
            return new PoolSide(pool, target);
        } catch (Exception | Error e) {
            pool.close();
            throw e;
        }
    }

    @Override
    public Map<String, Long> processes() {
        Map<String, Long> pids = new LinkedHashMap<>(pool.processes());
        pids.put("loadgen", ProcessHandle.current().pid());
        return pids;
    }

    /** The pool's processes by name (for a profiler to attach to). */
    public LocalPoolProcess pool() {
        return pool;
    }

    @Override
    public void prepare(Operation op) throws Exception {
        calls.put(op, target.prepare(op));
    }

    @Override
    public Round round(Operation op, Mode mode, double seconds) throws Exception {
        Target.Call call = calls.get(op);
        return mode.openLoop() ? Load.open(call, mode.rate(), seconds) : Load.closed(call, mode.concurrency(), seconds);
    }

    @Override
    public void close() {
        pool.close();
    }
}
