package org.hsmpool.pool.config;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

import org.hsmpool.pool.store.CachingPoolStore;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.SqliteFile;
import org.jboss.logging.Logger;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Opens the embedded store (migrating it) and makes sure it holds the pool: a new store gets a
 * pool with a random 16-byte id in state NotActivated. Reads on the request path go through a
 * {@link CachingPoolStore}.
 */
public class StoreProducer {
    private static final Logger LOG = Logger.getLogger(StoreProducer.class);

    @Produces
    @Singleton
    PoolStore store(PoolConfig config) {
        // this manager is the file's only writer, so the reads every request makes can be kept in memory
        PoolStore store = new CachingPoolStore(SqliteFile.openPooled(config.store(), 8));
        if (store.pool().isEmpty()) {
            byte[] id = new byte[16];
            new SecureRandom().nextBytes(id);
            store.createPool(HexFormat.of().formatHex(id), config.name(), Instant.now());
        }
        var pool = store.pool().orElseThrow();
        LOG.infof("pool %s (%s) is %s; store %s, log at %d", pool.name(), pool.id(), pool.state(), config.store(),
                store.logHead());
        return store;
    }
}
