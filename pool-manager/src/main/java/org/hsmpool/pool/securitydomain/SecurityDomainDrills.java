package org.hsmpool.pool.securitydomain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.nodeapi.v1.CheckShareReply;
import org.hsmpool.nodeapi.v1.CheckShareRequest;
import org.hsmpool.nodeapi.v1.TransferKeyRequest;
import org.hsmpool.pool.api.DomainErrors;
import org.hsmpool.pool.api.KeyVaultException;
import org.hsmpool.pool.nodes.NodeRegistry;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.router.NodeRouter;
import org.hsmpool.pool.router.RoutingException;
import org.hsmpool.pool.store.Drill;
import org.hsmpool.pool.store.Pool;
import org.hsmpool.pool.store.PoolState;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.SecurityDomainInfo;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Security-domain drills (docs/security-domain.md, "Drill"): an administrator proves their share
 * still opens. A node hands out a throw-away drill key; the administrator re-encrypts their share
 * to it ({@code hsmpool sd drill}); the same node opens it and checks it against the blob, which
 * must be this pool's (its SHA-256 is the one stored at activation or restore); the manager records
 * who and when. The manager never sees the share in plaintext.
 */
@ApplicationScoped
public class SecurityDomainDrills {
    /** A drill counts as recent for this long, in the status summary. */
    public static final Duration RECENT = Duration.ofDays(90);
    private static final Logger LOG = Logger.getLogger(SecurityDomainDrills.class);
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final PoolStore store;
    private final NodeRegistry registry;
    private final NodeRouter router;

    public SecurityDomainDrills(PoolStore store, NodeRegistry registry, NodeRouter router) {
        this.store = store;
        this.registry = registry;
        this.router = router;
    }

    /** A drill key: its attested JWK and the node that holds it. */
    public record DrillKey(String jwkJson, String node) {
    }

    /** What a successful drill proved and recorded. */
    public record Checked(int index, String admin, Instant at) {
    }

    public DrillKey drillKey() {
        activated();
        PoolNode node = registry.healthy().stream().findFirst().orElseThrow(
                () -> KeyVaultException.unavailable("no node of the pool is serving; try again shortly", 2));
        try {
            return new DrillKey(router.callOn(node, DEADLINE, s -> s.getDrillKey(TransferKeyRequest.getDefaultInstance()))
                    .getJwkJson(), node.name());
        } catch (RoutingException e) {
            throw DomainErrors.of(e);
        }
    }

    /** Opens {@code share} in {@code nodeName} against {@code blobJson}, the pool's blob; records it for {@code principal}. */
    public Checked check(String blobJson, String share, String nodeName, String principal) {
        SecurityDomainInfo domain = activated();
        if (!SecurityDomainService.sha256(blobJson).equals(domain.blobSha256())) {
            throw KeyVaultException.badParameter("value is not this pool's security domain blob (its SHA-256 differs from"
                    + " the one activated or restored here): give the blob this pool's administrators hold");
        }
        PoolNode node = registry.node(nodeName).filter(PoolNode::healthy).orElseThrow(() -> KeyVaultException.badParameter(
                "node '" + nodeName + "' is not a serving node of this pool: get a new drill key"
                        + " (POST /hsmpool/securitydomain/drill/key) and re-encrypt the share to it"));
        CheckShareReply reply;
        try {
            reply = router.callOn(node, DEADLINE, s -> s.checkShare(CheckShareRequest.newBuilder().setBlobJson(blobJson)
                    .setShare(share).build()));
        } catch (RoutingException e) {
            LOG.infof("security-domain drill refused by %s for %s: %s", node.name(), principal, e.code());
            throw DomainErrors.of(e);
        }
        Instant now = Instant.now();
        store.recordDrill(new Drill(domain.domainId(), reply.getAdminThumbprint(), reply.getIndex(), principal, now));
        LOG.infof("security-domain drill: share %d (administrator %s) opened in %s, asked by %s", reply.getIndex(),
                reply.getAdminThumbprint(), node.name(), principal);
        return new Checked(reply.getIndex(), reply.getAdminThumbprint(), now);
    }

    /**
     * Per administrator of the current domain, the last drill; and how many drilled within {@link #RECENT}.
     * Empty before activation.
     */
    public Map<String, Object> summary(Instant now) {
        Pool pool = store.pool().orElseThrow();
        SecurityDomainInfo domain = pool.securityDomain();
        Map<String, Object> out = new LinkedHashMap<>();
        if (domain == null || pool.state() != PoolState.Activated) {
            return out;
        }
        Map<String, Drill> last = new LinkedHashMap<>();
        for (Drill d : store.drills(domain.domainId())) {
            last.put(d.admin(), d);
        }
        List<Map<String, Object>> administrators = new ArrayList<>();
        int recent = 0;
        for (int i = 0; i < domain.adminThumbprints().size(); i++) {
            String admin = domain.adminThumbprints().get(i);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("x5t#S256", admin);
            Drill d = last.get(admin);
            a.put("lastChecked", d == null ? null : d.checked().getEpochSecond());
            a.put("checkedBy", d == null ? null : d.principal());
            if (d != null && d.checked().isAfter(now.minus(RECENT))) {
                recent++;
            }
            administrators.add(a);
        }
        out.put("administrators", domain.shares());
        out.put("quorum", domain.quorum());
        out.put("checkedRecently", recent);
        out.put("recentDays", RECENT.toDays());
        out.put("shares", administrators);
        return out;
    }

    private SecurityDomainInfo activated() {
        Pool pool = store.pool().orElseThrow();
        if (pool.state() != PoolState.Activated || pool.securityDomain() == null) {
            throw KeyVaultException.conflict("the pool is " + pool.state() + ": a drill needs an activated pool");
        }
        return pool.securityDomain();
    }
}
