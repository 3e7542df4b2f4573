package org.hsmpool.pool.auth;

import java.util.LinkedHashSet;
import java.util.Set;

import org.hsmpool.pool.config.PoolConfig;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who the pool is as a token issuer, seen from one request: its issuer URL
 * {@code https://<host:port>/<tenant>/v2.0} and the audiences its tokens may name. The host is the
 * one the client addressed when it passed {@link Challenge#authority}'s syntax check, else the
 * configured one; tokens naming either are the pool's.
 */
@ApplicationScoped
public class PoolIssuer {
    private final String tenant;
    private final String configuredAuthority;

    @Inject
    public PoolIssuer(PoolConfig config) {
        this(config.tenant(), config.host() + ":" + config.port());
    }

    PoolIssuer(String tenant, String configuredAuthority) {
        this.tenant = tenant;
        this.configuredAuthority = configuredAuthority;
    }

    public String tenant() {
        return tenant;
    }

    /** The host[:port] to name in URLs answered to this request. */
    public String authority(String requestAuthority) {
        return Challenge.authority(requestAuthority).orElse(configuredAuthority);
    }

    /** The base of the token service's URLs, {@code https://<host:port>/<tenant>}. */
    public String base(String requestAuthority) {
        return "https://" + authority(requestAuthority) + "/" + tenant;
    }

    /** The {@code iss} of the tokens issued to this request. */
    public String issuer(String requestAuthority) {
        return base(requestAuthority) + "/v2.0";
    }

    /** The {@code iss} values that name this pool for this request. */
    Set<String> issuers(String requestAuthority) {
        return Set.of(issuer(requestAuthority), "https://" + configuredAuthority + "/" + tenant + "/v2.0");
    }

    /**
     * The audiences (resources) a client may ask for and the pool accepts: Managed HSM's, and the
     * pool's own URL {@code https://<host:port>}.
     */
    Set<String> audiences(String requestAuthority) {
        Set<String> audiences = new LinkedHashSet<>();
        audiences.add(Challenge.RESOURCE);
        audiences.add("https://" + authority(requestAuthority));
        audiences.add("https://" + configuredAuthority);
        return audiences;
    }
}
