package org.hsmpool.pool.config;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import javax.sql.DataSource;

import org.hsmpool.pool.store.CachingPoolStore;
import org.hsmpool.pool.store.JdbcPoolStore;
import org.hsmpool.pool.store.LeaseStore;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.SqliteFile;
import org.hsmpool.pool.store.StoreException;
import org.jboss.logging.Logger;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Opens the store (migrating it) and makes sure it holds the pool: a new store gets a pool with a
 * random 16-byte id in state NotActivated. The store is the SQLite file, or the PostgreSQL database
 * of {@code hsmpool.pool.database.url}. On SQLite, reads on the request path go through a
 * {@link CachingPoolStore}: this manager is the file's only writer. On PostgreSQL several managers
 * write, so nothing is cached until invalidations cross managers (issue 15).
 */
public class StoreProducer {
    private static final Logger LOG = Logger.getLogger(StoreProducer.class);

    /** The opened store, its lease row, and (PostgreSQL) where the leader lease opens its own session. */
    public record OpenStore(PoolStore store, LeaseStore leases, Optional<DataSource> lockSessions) {
    }

    @Produces
    @Singleton
    OpenStore open(PoolConfig config) {
        OpenStore open;
        String where;
        if (PostgresDatabase.configured(config)) {
            JdbcPoolStore jdbc = JdbcPoolStore.open(PostgresDatabase.pooled(config));
            open = new OpenStore(jdbc, jdbc.leases(), Optional.of(PostgresDatabase.unpooled(config)));
            where = "PostgreSQL " + config.database().url().orElseThrow();
        } else {
            JdbcPoolStore jdbc = JdbcPoolStore.open(SqliteFile.pooled(config.store(), 8));
            open = new OpenStore(new CachingPoolStore(jdbc), jdbc.leases(), Optional.empty());
            where = config.store().toString();
        }
        PoolStore store = open.store();
        if (store.pool().isEmpty()) {
            byte[] id = new byte[16];
            new SecureRandom().nextBytes(id);
            try {
                store.createPool(HexFormat.of().formatHex(id), config.name(), Instant.now());
            } catch (StoreException e) {
                // another manager of the same database created it first
                if (e.code() != StoreException.Code.CONFLICT) {
                    throw e;
                }
            }
        }
        var pool = store.pool().orElseThrow();
        LOG.infof("pool %s (%s) is %s; store %s, log at %d", pool.name(), pool.id(), pool.state(), where,
                store.logHead());
        return open;
    }

    @Produces
    @Singleton
    PoolStore store(OpenStore open) {
        return open.store();
    }

    @Produces
    @Singleton
    LeaseStore leases(OpenStore open) {
        return open.leases();
    }
}
