package org.hsmpool.node.observe;

import org.hsmpool.node.config.NodeTls;
import org.hsmpool.node.domain.DomainKeys;
import org.hsmpool.node.token.Token;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Gauges of the token behind the node: {@code hsmpool_node_sessions_open},
 * {@code hsmpool_node_sessions_idle}, {@code hsmpool_node_domain_installed}. Calls per RPC, with
 * their status and time, come from Quarkus's gRPC server metrics ({@code grpc_server_*}).
 */
@ApplicationScoped
public class TokenMetrics {
    private final MeterRegistry meters;
    private final Token token;
    private final DomainKeys domain;
    private final NodeTls tls;

    public TokenMetrics(MeterRegistry meters, Token token, DomainKeys domain, NodeTls tls) {
        this.meters = meters;
        this.token = token;
        this.domain = domain;
        this.tls = tls;
    }

    void register(@Observes StartupEvent event) {
        Gauge.builder("hsmpool.node.sessions.open", token, t -> t.sessions().open())
                .description("PKCS#11 sessions open on the token").register(meters);
        Gauge.builder("hsmpool.node.sessions.idle", token, t -> t.sessions().idle())
                .description("PKCS#11 sessions idle in the pool").register(meters);
        Gauge.builder("hsmpool.node.domain.installed", domain, d -> d.domainId().isPresent() ? 1.0 : 0.0)
                .description("1 when the pool's domain keys are in the token").register(meters);
        Gauge.builder("hsmpool.node.tls.certificate.expiry.seconds", tls,
                t -> (t.current().leaf().getNotAfter().getTime() - System.currentTimeMillis()) / 1000.0)
                .description("seconds until the node's certificate in use expires (alert well before 0)").register(meters);
    }
}
