package org.hsmpool.pool.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import org.hsmpool.pool.config.PoolConfig;
import org.hsmpool.pool.store.ServicePrincipal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Access tokens for service principals, shaped like Entra's v2.0 tokens: {@code iss}
 * {@code https://<host:port>/<tenant>/v2.0}, {@code aud} the resource asked for, {@code oid} and
 * {@code sub} the principal's object id, {@code tid}, {@code appid}/{@code azp} the client id,
 * {@code iat}/{@code nbf}/{@code exp}; ES256, signed in a node with the {@link TokenSigningKey}.
 */
@ApplicationScoped
public class TokenIssuer {
    private final TokenSigningKey signingKey;
    private final String tenant;
    private final Duration lifetime;

    @Inject
    public TokenIssuer(TokenSigningKey signingKey, PoolConfig config) {
        this(signingKey, config.tenant(), config.auth().tokenLifetime());
    }

    TokenIssuer(TokenSigningKey signingKey, String tenant, Duration lifetime) {
        this.signingKey = signingKey;
        this.tenant = tenant;
        this.lifetime = lifetime;
    }

    /** A signed token and how many seconds it lives. */
    public record Issued(String accessToken, long expiresIn) {
        @Override
        public String toString() {
            return "Issued[expiresIn=" + expiresIn + "]";
        }
    }

    /** The issuer URL of the pool as reached at {@code authority} (host[:port]). */
    public String issuer(String authority) {
        return "https://" + authority + "/" + tenant + "/v2.0";
    }

    public Issued issue(ServicePrincipal principal, String audience, String authority) {
        ECKey key = signingKey.current();
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer(authority)).audience(audience)
                .subject(principal.objectId()).claim("oid", principal.objectId()).claim("tid", tenant)
                .claim("appid", principal.clientId()).claim("azp", principal.clientId()).claim("ver", "2.0")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(TokenSigningKey.ALGORITHM).type(JOSEObjectType.JWT)
                .keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(signingKey.signer(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a token failed", e);
        }
        return new Issued(jwt.serialize(), lifetime.toSeconds());
    }
}
