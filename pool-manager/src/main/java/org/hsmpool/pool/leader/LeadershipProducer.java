package org.hsmpool.pool.leader;

import org.hsmpool.pool.config.PoolConfig;
import org.hsmpool.pool.config.StoreProducer.OpenStore;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The leadership of this manager: a {@link PostgresLease} on a PostgreSQL store, taken at start
 * (so that another manager is ready to take over from the first second), else the {@link SoleManager}
 * of the SQLite file. Every manager serves the data plane; a manager that stops leading keeps its
 * nodes and only stops the background work ({@link LeaderOnlyAdmission}).
 */
public class LeadershipProducer {

    @Produces
    @Singleton
    @Startup
    Leadership leadership(OpenStore open, PoolConfig config) {
        String self = config.host() + ":" + config.port() + "/" + ProcessHandle.current().pid();
        if (open.lockSessions().isEmpty()) {
            return new SoleManager(open.leases(), self);
        }
        String poolId = open.store().pool().orElseThrow().id();
        // an ex-leader goes on serving as a follower: its background writes are refused by the fence
        var lease = new PostgresLease(open.lockSessions().get(), open.leases(), lockKey(poolId), self,
                config.leader().lease());
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
