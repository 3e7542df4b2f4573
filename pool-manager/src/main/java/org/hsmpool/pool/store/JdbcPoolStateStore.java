package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The pool part of {@link JdbcPoolStore}: the pool row (state, security domain) and the restore's transfer key. */
final class JdbcPoolStateStore {
    private final Transactions tx;

    JdbcPoolStateStore(Transactions tx) {
        this.tx = tx;
    }

    Pool createPool(String id, String name, Instant created) {
        var pool = new Pool(id, name, PoolState.NotActivated, created, null);
        return tx.write("create the pool", StoreChange.POOL, c -> {
            if (PoolRows.find(c).isPresent()) {
                throw StoreException.conflict("this store already holds a pool");
            }
            PoolRows.insert(c, pool);
            return pool;
        });
    }

    Optional<Pool> pool() {
        return tx.read("read the pool", PoolRows::find);
    }

    Pool changePoolState(PoolState expected, PoolState next) {
        Arguments.present(expected, "the expected state");
        Arguments.present(next, "the next state");
        return tx.write("change the pool state", StoreChange.POOL, c -> {
            casPool(c, expected, next);
            return PoolRows.find(c).orElseThrow();
        });
    }

    Pool activatePool(PoolState expected, SecurityDomainInfo securityDomain) {
        Arguments.present(expected, "the expected state");
        Arguments.present(securityDomain, "the security domain");
        return tx.write("activate the pool", StoreChange.POOL, c -> {
            casPool(c, expected, PoolState.Activated);
            PoolRows.writeSecurityDomain(c, securityDomain);
            TransferRows.clear(c);
            return PoolRows.find(c).orElseThrow();
        });
    }

    void recordTransferKey(TransferKeyIssue issue) {
        Arguments.present(issue, "the transfer key");
        tx.write("record the transfer key", c -> {
            TransferRows.replace(c, issue);
            return null;
        });
    }

    Optional<TransferKeyIssue> transferKey() {
        return tx.read("read the transfer key", TransferRows::find);
    }

    private static void casPool(Connection c, PoolState expected, PoolState next) throws SQLException {
        if (!PoolRows.compareAndSetState(c, expected, next)) {
            Pool pool = PoolRows.find(c).orElseThrow(() -> StoreException.notFound("the store holds no pool yet"));
            throw new StoreException(StoreException.Code.STATE_MISMATCH,
                    "the pool is " + pool.state() + ", not " + expected);
        }
    }
}
