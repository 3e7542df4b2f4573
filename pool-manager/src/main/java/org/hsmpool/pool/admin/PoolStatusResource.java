package org.hsmpool.pool.admin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.nodeapi.v1.InfoRequest;
import org.hsmpool.nodeapi.v1.KeyHolder;
import org.hsmpool.pool.leader.Leadership;
import org.hsmpool.pool.nodes.NodeRegistry;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.router.NodeRouter;
import org.hsmpool.pool.store.LeaderFence;
import org.hsmpool.pool.store.LeaderLease;
import org.hsmpool.pool.store.LeaseStore;
import org.hsmpool.pool.store.Pool;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.tls.ManagerTls;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /hsmpool/status}: the pool's state, the log head and every node's state, log
 * position and traffic, for operators and {@code hsmpool status}. No key material, no names of keys.
 */
@Path("/hsmpool/status")
@Produces(MediaType.APPLICATION_JSON)
public class PoolStatusResource {
    private final PoolStore store;
    private final NodeRegistry registry;
    private final ManagerTls tls;
    private final Leadership leadership;
    private final LeaseStore leases;
    private final org.hsmpool.pool.securitydomain.SecurityDomainDrills drills;
    private final NodeRouter router;

    public PoolStatusResource(PoolStore store, NodeRegistry registry, ManagerTls tls, Leadership leadership,
            LeaseStore leases, org.hsmpool.pool.securitydomain.SecurityDomainDrills drills, NodeRouter router) {
        this.router = router;
        this.drills = drills;
        this.store = store;
        this.registry = registry;
        this.tls = tls;
        this.leadership = leadership;
        this.leases = leases;
    }

    @GET
    public Map<String, Object> status() {
        Pool pool = store.pool().orElseThrow();
        long head = store.logHead();
        List<Map<String, Object>> nodes = registry.all().stream().map(n -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("endpoint", n.endpoint());
            m.put("state", n.state().name());
            m.put("appliedSeq", n.appliedSeq());
            m.put("lag", Math.max(0, head - n.appliedSeq()));
            m.put("inFlight", n.inFlight());
            m.put("served", n.served());
            if (!n.lastProblem().isEmpty()) {
                m.put("problem", n.lastProblem());
            }
            String mlDsa = mlDsaHolder(n);
            if (!mlDsa.isEmpty()) {
                m.put("mlDsaKeys", mlDsa);
            }
            return m;
        }).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pool", pool.id());
        out.put("name", pool.name());
        out.put("state", pool.state().name());
        out.put("logHead", head);
        out.put("nodes", nodes);
        out.put("tls", tls.describe());
        out.put("leader", leader());
        Map<String, Object> drill = drills.summary(java.time.Instant.now());
        if (!drill.isEmpty()) {
            out.put("drill", drill);
        }
        return out;
    }

    /**
     * Where a node holds ML-DSA keys ({@code node-process}: sealed, used in the node process; {@code token}),
     * as its Info said; asked once per node, when it is first healthy.
     */
    private String mlDsaHolder(PoolNode node) {
        if (node.mlDsaHolder().isEmpty() && node.healthy()) {
            try {
                KeyHolder holder = router.callOn(node, Duration.ofSeconds(2),
                        s -> s.info(InfoRequest.getDefaultInstance())).getMlDsaHolder();
                node.mlDsaHolder(holder == KeyHolder.NODE_PROCESS ? "node-process"
                        : holder == KeyHolder.TOKEN ? "token" : "");
            } catch (RuntimeException unanswered) {
                return ""; // asked again with the next status
            }
        }
        return node.mlDsaHolder();
    }

    /** Who leads the background work: this manager's view and the store's lease row. */
    private Map<String, Object> leader() {
        LeaderLease lease = leases.current();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("self", leadership.self());
        m.put("leads", leadership.epoch().isPresent());
        m.put("epoch", lease.epoch());
        m.put("holder", lease.holder());
        m.put("renewed", lease.renewed().getEpochSecond());
        m.put("fencedWrites", LeaderFence.refusals());
        return m;
    }
}
