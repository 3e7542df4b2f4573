package org.hsmpool.pool.config;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import javax.sql.DataSource;

import org.hsmpool.pool.store.CachingPoolStore;
import org.hsmpool.pool.store.ChangeFeed;
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
 * of {@code hsmpool.pool.database.url}. Reads on the request path go through a
 * {@link CachingPoolStore}: on SQLite this manager is the file's only writer; on PostgreSQL several
 * managers write, and a {@link ChangeFeed} makes each forget what the others change, within
 * {@link #CHANGE_TRUST} (docs/store.md, "Several managers: read caches").
 */
public class StoreProducer {
    private static final Logger LOG = Logger.getLogger(StoreProducer.class);
    /** How often the change feed reads the store's change version (notifications come at once). */
    static final Duration CHANGE_CHECK = Duration.ofMillis(250);
    /** How long after its last version read a manager serves what it keeps: the staleness bound. */
    static final Duration CHANGE_TRUST = Duration.ofMillis(750);

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
            DataSource sessions = PostgresDatabase.unpooled(config);
            CachingPoolStore cache = CachingPoolStore.shared(jdbc);
            ChangeFeed.start(sessions, cache, CHANGE_CHECK, CHANGE_TRUST);
            open = new OpenStore(cache, jdbc.leases(), Optional.of(sessions));
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
