package org.hsmpool.pool.observe;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.hsmpool.pool.nodes.NodeRegistry;
import org.hsmpool.pool.store.PoolStore;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ready when the store answers and at least one node takes traffic: then the front end can serve
 * (activation before the pool is activated, keys after). Details: pool state, log head, healthy
 * nodes of all nodes.
 */
@Readiness
@ApplicationScoped
public class PoolReadiness implements HealthCheck {
    private final PoolStore store;
    private final NodeRegistry registry;

    public PoolReadiness(PoolStore store, NodeRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("pool");
        try {
            String state = store.pool().map(p -> p.state().name()).orElse("none");
            long healthy = registry.healthy().size();
            return response.status(healthy > 0).withData("pool", state).withData("logHead", store.logHead())
                    .withData("healthyNodes", healthy).withData("nodes", registry.all().size()).build();
        } catch (RuntimeException e) {
            return response.down().withData("store", "unavailable").build();
        }
    }
}
