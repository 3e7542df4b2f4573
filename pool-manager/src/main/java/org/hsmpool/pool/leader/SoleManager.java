package org.hsmpool.pool.leader;

import java.time.Instant;
import java.util.OptionalLong;

import org.hsmpool.pool.store.LeaseStore;
import org.jboss.logging.Logger;

/**
 * The leader of a SQLite store: the file has one manager, which leads from start to stop. It still
 * takes a new epoch when it starts, so that a manager process left over on the same file (it should
 * not be, but a hung one can be) has its background writes refused.
 */
final class SoleManager implements Leadership {
    private static final Logger LOG = Logger.getLogger(SoleManager.class);

    private final long epoch;
    private final String holder;

    SoleManager(LeaseStore leases, String holder) {
        this.holder = holder;
        this.epoch = leases.take(holder, Instant.now()).epoch();
        LOG.debugf("this manager (%s) leads the background work of its SQLite store at epoch %d", holder, epoch);
    }

    @Override
    public OptionalLong epoch() {
        return OptionalLong.of(epoch);
    }

    @Override
    public String self() {
        return holder;
    }
}
