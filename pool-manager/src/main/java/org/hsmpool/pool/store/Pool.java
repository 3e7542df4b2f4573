package org.hsmpool.pool.store;

import java.time.Instant;

/**
 * The pool this store belongs to; one store holds exactly one pool.
 *
 * @param id 32 lowercase hex characters, chosen at provisioning
 * @param securityDomain null until the pool is first activated
 */
public record Pool(String id, String name, PoolState state, Instant created, SecurityDomainInfo securityDomain) {

    public Pool {
        Arguments.hex32(id, "a pool id");
        Arguments.text(name, "a pool name", 200);
        Arguments.present(state, "a pool state");
        created = Arguments.time(created, "the creation time");
    }
}
