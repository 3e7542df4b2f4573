package org.hsmpool.pool.auth;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.Key;
import java.util.List;
import java.util.Set;

import org.hsmpool.pool.config.PoolConfig;
import org.jboss.logging.Logger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * An OpenID Connect issuer whose tokens the pool accepts ({@code hsmpool.pool.auth.issuers.<name>}):
 * its exact {@code iss}, the audience its tokens must name, and its signing keys from its JWKS URI
 * through nimbus's remote JWK source (cached for 5 minutes, fetched again for an unknown key id, at
 * most every 30 seconds). Asymmetric algorithms only.
 *
 * <p>Its principals are namespaced: {@link #principalId} is {@code <name>:<oid or sub>}. The pool's
 * own principals (its token service, the token file) never contain {@link #SEPARATOR}, so that no
 * external user can become one of them, nor a user of another issuer, by choosing its {@code oid}.
 */
final class ExternalIssuer {
    private static final Logger LOG = Logger.getLogger(ExternalIssuer.class);
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    /** Between the issuer's name and the id its token names; never part of a pool principal's id. */
    public static final char SEPARATOR = ':';
    /** What a role assignment's principalId may hold. */
    static final int MAX_PRINCIPAL_ID = 256;
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    final String name;
    final String issuer;
    final String audience;
    private final JWKSource<SecurityContext> keys;

    ExternalIssuer(String name, PoolConfig.Issuer config) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("hsmpool.pool.auth.issuers." + name + ": an issuer's name is 1 to 63 "
                    + "lower-case letters, digits and '-' (it prefixes its principals' ids)");
        }
        this.name = name;
        this.issuer = required(config.issuer(), name, "issuer");
        this.audience = required(config.audience(), name, "audience");
        URL jwks = url(required(config.jwksUri(), name, "jwks-uri"), name);
        if (!"https".equals(jwks.getProtocol())) {
            LOG.warnf("issuer %s: its JWKS URI is not HTTPS; use that only on a trusted network", name);
        }
        this.keys = JWKSourceBuilder.<SecurityContext>create(jwks).retrying(true).build();
    }

    /**
     * The pool principal id of the user or application this issuer's token names:
     * {@code <name>:<id>}, at most {@link #MAX_PRINCIPAL_ID} characters.
     */
    String principalId(String id) throws InvalidTokenException {
        String namespaced = name + SEPARATOR + id;
        if (namespaced.length() > MAX_PRINCIPAL_ID) {
            throw new InvalidTokenException("the token's oid (or sub) is too long: with the issuer's name it must fit "
                    + "in " + MAX_PRINCIPAL_ID + " characters");
        }
        return namespaced;
    }

    /** The issuer's public keys that fit the token's header (alg, kid). */
    List<Key> keysFor(JWSHeader header) throws InvalidTokenException {
        try {
            return KeyConverter.toJavaKeys(keys.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), null));
        } catch (KeySourceException e) {
            LOG.warnf("issuer %s: its signing keys could not be fetched (%s)", name, e.getClass().getSimpleName());
            throw new InvalidTokenException("the signing keys of the token's issuer could not be fetched; try again");
        }
    }

    private static String required(String value, String name, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("hsmpool.pool.auth.issuers." + name + "." + what + " is required");
        }
        return value.strip();
    }

    private static URL url(String value, String name) {
        try {
            URI uri = new URI(value);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new IllegalArgumentException("hsmpool.pool.auth.issuers." + name + ".jwks-uri must be an "
                        + "https (or http) URL");
            }
            return uri.toURL();
        } catch (URISyntaxException | MalformedURLException e) {
            throw new IllegalArgumentException("hsmpool.pool.auth.issuers." + name + ".jwks-uri is not a URL", e);
        }
    }
}
