package org.hsmpool.node.observe;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.hsmpool.node.domain.DomainKeys;
import org.hsmpool.node.token.SessionStats;
import org.hsmpool.node.token.Token;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ready when the token answers (a session can be borrowed and used), as the Health RPC says it.
 * Details: token label, sessions open and idle, whether the domain keys are installed.
 */
@Readiness
@ApplicationScoped
public class TokenReadiness implements HealthCheck {
    private final Token token;
    private final DomainKeys domain;

    public TokenReadiness(Token token, DomainKeys domain) {
        this.token = token;
        this.domain = domain;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = token.probe();
        SessionStats s = token.sessions();
        return HealthCheckResponse.named("token").status(up).withData("label", token.info().label())
                .withData("sessionsOpen", s.open()).withData("sessionsIdle", s.idle())
                .withData("domainKeys", domain.domainId().isPresent()).build();
    }
}
