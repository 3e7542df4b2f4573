package org.hsmpool.pool.leader;

import org.hsmpool.pool.config.PoolConfig;
import org.hsmpool.pool.config.StoreProducer.OpenStore;
import org.hsmpool.pool.nodes.NodeRegistry;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The leadership of this manager: a {@link PostgresLease} on a PostgreSQL store, taken at start
 * (so that a standby is ready to take over from the first second), else the {@link SoleManager} of
 * the SQLite file. A manager that stops leading takes its nodes out of its own traffic; they come
 * back through admission, which waits for leadership ({@link LeaderOnlyAdmission}).
 */
public class LeadershipProducer {

    @Produces
    @Singleton
    @Startup
    Leadership leadership(OpenStore open, PoolConfig config, NodeRegistry registry) {
        String self = config.host() + ":" + config.port() + "/" + ProcessHandle.current().pid();
        if (open.lockSessions().isEmpty()) {
            return new SoleManager(open.leases(), self);
        }
        String poolId = open.store().pool().orElseThrow().id();
        // an ex-leader becomes a standby: its nodes leave its traffic until it leads again
        Runnable toStandby = () -> registry.healthy()
                .forEach(node -> registry.needsCatchUp(node, "this manager no longer leads"));
        var lease = new PostgresLease(open.lockSessions().get(), open.leases(), lockKey(poolId), self,
                config.leader().lease(), toStandby);
        lease.start();
        return lease;
    }

    void close(@Disposes Leadership leadership) {
        if (leadership instanceof PostgresLease lease) {
            lease.close();
        }
    }

    /**
     * The advisory lock's key: the first 64 bits of the pool id, so that two pools whose stores
     * share a database (in two schemas) do not take each other's lock.
     */
    static long lockKey(String poolId) {
        return Long.parseUnsignedLong(poolId.substring(0, 16), 16);
    }
}
