package org.hsmpool.pool.observe;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.pool.nodes.NodeRegistry;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.store.NodeState;
import org.hsmpool.pool.store.PoolState;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.tls.ManagerTls;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The pool's own gauges, read when Prometheus scrapes: {@code hsmpool_log_head},
 * {@code hsmpool_pool_activated}, {@code hsmpool_nodes{state}}, and per node
 * {@code hsmpool_node_applied_seq}, {@code hsmpool_node_lag}, {@code hsmpool_node_in_flight},
 * {@code hsmpool_node_served_total}, {@code hsmpool_node_healthy}, and
 * {@code hsmpool_tls_certificate_expiry_seconds}, {@code hsmpool_tls_ca_expiry_seconds}.
 */
@ApplicationScoped
public class PoolMetrics {
    private final MeterRegistry meters;
    private final PoolStore store;
    private final NodeRegistry registry;
    private final ManagerTls tls;
    private final Map<String, List<Meter>> registered = new HashMap<>();

    public PoolMetrics(MeterRegistry meters, PoolStore store, NodeRegistry registry, ManagerTls tls) {
        this.meters = meters;
        this.store = store;
        this.registry = registry;
        this.tls = tls;
    }

    void register(@Observes StartupEvent event) {
        Gauge.builder("hsmpool.log.head", store, PoolStore::logHead)
                .description("last sequence number of the replication log").register(meters);
        Gauge.builder("hsmpool.pool.activated", store,
                s -> s.pool().map(p -> p.state() == PoolState.Activated ? 1.0 : 0.0).orElse(0.0))
                .description("1 when the security domain is active and keys can be used").register(meters);
        for (NodeState state : NodeState.values()) {
            Gauge.builder("hsmpool.nodes", registry, r -> r.all().stream().filter(n -> n.state() == state).count())
                    .tags(Tags.of("state", state.name())).description("nodes by state").register(meters);
        }
        Gauge.builder("hsmpool.tls.certificate.expiry.seconds", tls,
                t -> secondsUntil(t.rotating().current().leaf().getNotAfter()))
                .description("seconds until the manager's certificate in use expires (alert well before 0)").register(meters);
        Gauge.builder("hsmpool.tls.ca.expiry.seconds", tls, t -> t.rotating().current().authorities().stream()
                .mapToDouble(ca -> secondsUntil(ca.getNotAfter())).max().orElse(0))
                .description("seconds until the last trusted pool CA certificate expires").register(meters);
        registry.onAdded(this::registerNode);
        registry.onRemoved(this::removeNode);
        registry.all().forEach(this::registerNode);
    }

    private static double secondsUntil(java.util.Date when) {
        return (when.getTime() - System.currentTimeMillis()) / 1000.0;
    }

    /** A removed node reports nothing more: its meters go with it. */
    private synchronized void removeNode(PoolNode node) {
        List<Meter> old = registered.remove(node.name());
        if (old != null) {
            old.forEach(meters::remove);
        }
    }

    /** A node's meters; a node added again at run time under the same name replaces the old ones. */
    private synchronized void registerNode(PoolNode node) {
        List<Meter> old = registered.remove(node.name());
        if (old != null) {
            old.forEach(meters::remove);
        }
        Tags tags = Tags.of("node", node.name());
        registered.put(node.name(), List.of(
                Gauge.builder("hsmpool.node.applied.seq", node, PoolNode::appliedSeq).tags(tags)
                        .description("log position the node has applied").register(meters),
                Gauge.builder("hsmpool.node.lag", node, n -> Math.max(0, store.logHead() - n.appliedSeq())).tags(tags)
                        .description("log entries the node has not applied yet").register(meters),
                Gauge.builder("hsmpool.node.in.flight", node, PoolNode::inFlight).tags(tags)
                        .description("calls running on the node").register(meters),
                Gauge.builder("hsmpool.node.healthy", node, n -> n.healthy() ? 1.0 : 0.0).tags(tags)
                        .description("1 when the node takes traffic").register(meters),
                meters.more().counter("hsmpool.node.served", tags, node, PoolNode::served)));
    }
}
