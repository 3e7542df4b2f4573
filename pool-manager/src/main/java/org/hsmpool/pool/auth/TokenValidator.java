package org.hsmpool.pool.auth;

import java.security.Key;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hsmpool.pool.config.PoolConfig;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Checks a JWT bearer token and names its principal ({@code oid}, else {@code sub}; for an external
 * issuer namespaced as {@code <issuer name>:<id>} by {@link ExternalIssuer#principalId}). The issuer
 * decides the keys: the pool's own ({@link PoolIssuer}; ES256 with a {@link TokenSigningKey}
 * version) or a configured {@link ExternalIssuer}; any other issuer is refused. Then the signature,
 * {@code exp} (required) and {@code nbf} with {@link #CLOCK_SKEW} of tolerance, and the audience.
 * Each refusal says which check failed, without quoting the token. Read at start, so that a wrong
 * issuer configuration stops the start.
 */
@Startup
@ApplicationScoped
public class TokenValidator {
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final Set<JWSAlgorithm> POOL_ALGORITHMS = Set.of(TokenSigningKey.ALGORITHM);
    private static final DefaultJWSVerifierFactory VERIFIERS = new DefaultJWSVerifierFactory();

    private final PoolIssuer pool;
    private final TokenSigningKey signingKey;
    private final List<ExternalIssuer> external;

    @Inject
    public TokenValidator(PoolIssuer pool, TokenSigningKey signingKey, PoolConfig config) {
        this(pool, signingKey, config.auth().issuers());
    }

    TokenValidator(PoolIssuer pool, TokenSigningKey signingKey, Map<String, PoolConfig.Issuer> issuers) {
        this.pool = pool;
        this.signingKey = signingKey;
        List<ExternalIssuer> configured = new ArrayList<>();
        issuers.forEach((name, config) -> configured.add(new ExternalIssuer(name, config)));
        this.external = List.copyOf(configured);
    }

    /**
     * The principal of a valid token.
     *
     * @param requestAuthority the host[:port] the client addressed (which pool issuer URL is its own)
     * @throws InvalidTokenException with the reason the token is refused
     */
    public Principal validate(String token, String requestAuthority) throws InvalidTokenException {
        SignedJWT jwt = signed(token);
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("the token's claims are not a valid JSON object");
        }
        String issuer = claims.getIssuer();
        if (issuer == null) {
            throw new InvalidTokenException("the token has no iss (issuer) claim");
        }
        Set<String> audiences;
        ExternalIssuer trusted = null;
        if (pool.issuers(requestAuthority).contains(issuer)) {
            String kid = jwt.getHeader().getKeyID();
            List<Key> keys = new ArrayList<>();
            for (ECKey k : signingKey.publicKeys(kid)) {
                if (k.getKeyID().equals(kid)) {
                    keys.add(publicKey(k));
                }
            }
            verify(jwt, POOL_ALGORITHMS, keys);
            audiences = pool.audiences(requestAuthority);
        } else {
            trusted = external.stream().filter(e -> e.issuer.equals(issuer)).findFirst()
                    .orElseThrow(() -> new InvalidTokenException("the token's issuer (iss) is not one this pool "
                            + "trusts"));
            checkAlgorithm(jwt, ExternalIssuer.ALGORITHMS);
            verify(jwt, ExternalIssuer.ALGORITHMS, trusted.keysFor(jwt.getHeader()));
            audiences = Set.of(trusted.audience);
        }
        checkTimes(claims, Instant.now());
        if (claims.getAudience() == null || claims.getAudience().stream().noneMatch(audiences::contains)) {
            throw new InvalidTokenException("the token's audience (aud) is not one this pool accepts");
        }
        String id = principalId(claims);
        if (trusted != null) {
            return new Principal(trusted.principalId(id));
        }
        if (id.indexOf(ExternalIssuer.SEPARATOR) >= 0) {
            throw new InvalidTokenException("the token's oid (or sub) is not a principal id of this pool");
        }
        return new Principal(id);
    }

    private static SignedJWT signed(String token) throws InvalidTokenException {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("the bearer token is not a well-formed JWT");
        }
        if (jwt instanceof PlainJWT) {
            throw new InvalidTokenException("the token is not signed (alg none); only signed tokens are accepted");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new InvalidTokenException("the token is encrypted (JWE); only signed tokens (JWS) are accepted");
        }
        return signed;
    }

    private static void checkAlgorithm(SignedJWT jwt, Set<JWSAlgorithm> accepted) throws InvalidTokenException {
        if (!accepted.contains(jwt.getHeader().getAlgorithm())) {
            throw new InvalidTokenException("the token's signature algorithm " + jwt.getHeader().getAlgorithm()
                    + " is not accepted from its issuer");
        }
    }

    private static void verify(SignedJWT jwt, Set<JWSAlgorithm> accepted, List<Key> keys)
            throws InvalidTokenException {
        checkAlgorithm(jwt, accepted);
        if (keys.isEmpty()) {
            throw new InvalidTokenException("the token's signature cannot be checked: no signing key of its issuer "
                    + "has its key id (kid)");
        }
        for (Key key : keys) {
            try {
                JWSVerifier verifier = VERIFIERS.createJWSVerifier(jwt.getHeader(), key);
                if (jwt.verify(verifier)) {
                    return;
                }
            } catch (JOSEException | IllegalStateException e) {
                // a key that does not fit the algorithm: try the next one
            }
        }
        throw new InvalidTokenException("the token's signature is not valid");
    }

    static void checkTimes(JWTClaimsSet claims, Instant now) throws InvalidTokenException {
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new InvalidTokenException("the token has no exp (expiry) claim");
        }
        if (now.isAfter(exp.toInstant().plus(CLOCK_SKEW))) {
            throw new InvalidTokenException("the token expired at " + exp.toInstant());
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minus(CLOCK_SKEW))) {
            throw new InvalidTokenException("the token is not valid before " + nbf.toInstant() + " (nbf)");
        }
    }

    private static String principalId(JWTClaimsSet claims) throws InvalidTokenException {
        Optional<String> id = text(claims, "oid").or(() -> Optional.ofNullable(claims.getSubject()))
                .filter(s -> !s.isBlank());
        return id.orElseThrow(() -> new InvalidTokenException("the token names no principal: it has neither an oid "
                + "nor a sub claim"));
    }

    private static Optional<String> text(JWTClaimsSet claims, String name) throws InvalidTokenException {
        try {
            return Optional.ofNullable(claims.getStringClaim(name));
        } catch (ParseException e) {
            throw new InvalidTokenException("the token's " + name + " claim is not a string");
        }
    }

    private static Key publicKey(ECKey key) {
        try {
            return key.toECPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException("the token signing key's public JWK is not usable", e);
        }
    }
}
