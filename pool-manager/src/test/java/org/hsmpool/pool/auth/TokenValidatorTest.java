package org.hsmpool.pool.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.hsmpool.pool.store.KeyProperties;
import org.hsmpool.pool.store.NewKeyVersion;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.SqliteFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * The pool-issuer half of {@link TokenValidator} on a real store: the "signing key" here is a
 * software key whose public half is stored as the token signing key's version would be, so tokens
 * can be made with every defect. (The external-issuer half runs against a real JWKS server in
 * SdkIdentityIT.)
 */
class TokenValidatorTest {
    private static final String AUTHORITY = "localhost:8443";
    private static final String ISSUER = "https://" + AUTHORITY + "/hsmpool/v2.0";
    private static final String OID = "0f6f4b57-9f0c-4f5d-9d37-5d3c9a1c2b11";

    @TempDir
    Path dir;
    ECKey key;
    TokenValidator validator;

    @BeforeEach
    void setUp() throws Exception {
        PoolStore store = SqliteFile.open(dir.resolve("pool.db"));
        String version = "0123456789abcdef0123456789abcdef";
        key = new ECKeyGenerator(Curve.P_256).keyID(version).generate();
        String stored = "{\"kty\":\"EC-HSM\",\"crv\":\"P-256\",\"x\":\"" + key.getX() + "\",\"y\":\"" + key.getY()
                + "\"}";
        store.appendKeyVersion(new NewKeyVersion(TokenSigningKey.NAME, version, "EC-HSM", stored, new byte[] {1},
                new KeyProperties(true, null, null, List.of("sign", "verify"), Map.of()), false, Instant.now(),
                Instant.now()), new byte[0]);
        PoolIssuer pool = new PoolIssuer("hsmpool", "127.0.0.1:8443");
        validator = new TokenValidator(pool, new TokenSigningKey(store, null), Map.of());
    }

    private JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience("https://managedhsm.azure.net").subject(OID)
                .claim("oid", OID).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)));
    }

    private String token(ECKey signer, UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(key.getKeyID()).build(), change.apply(claims()).build());
        jwt.sign(new ECDSASigner(signer));
        return jwt.serialize();
    }

    private String refusal(String token) {
        return assertThatThrownBy(() -> validator.validate(token, AUTHORITY))
                .isInstanceOf(InvalidTokenException.class).actual().getMessage();
    }

    @Test
    void aTokenOfThePoolNamesItsObjectIdAsThePrincipal() throws Exception {
        assertThat(validator.validate(token(key, c -> c), AUTHORITY)).isEqualTo(new Principal(OID));
        assertThat(validator.validate(token(key, c -> c.issuer("https://127.0.0.1:8443/hsmpool/v2.0")), "other:1"))
                .as("the configured address names the pool too").isEqualTo(new Principal(OID));
        assertThat(validator.validate(token(key, c -> c.claim("oid", null).subject("app-sub")), AUTHORITY))
                .as("without oid the principal is sub").isEqualTo(new Principal("app-sub"));
        assertThat(validator.validate(token(key, c -> c.audience("https://" + AUTHORITY)), AUTHORITY))
                .as("the pool's own URL is an audience").isEqualTo(new Principal(OID));
    }

    @Test
    void eachDefectIsRefusedWithItsReason() throws Exception {
        Instant now = Instant.now();
        assertThat(refusal(token(key, c -> c.expirationTime(Date.from(now.minusSeconds(600))))))
                .startsWith("the token expired at ");
        assertThat(refusal(token(key, c -> c.expirationTime(null)))).contains("no exp");
        assertThat(refusal(token(key, c -> c.notBeforeTime(Date.from(now.plusSeconds(600))))))
                .startsWith("the token is not valid before ");
        assertThat(refusal(token(key, c -> c.audience("https://vault.azure.net")))).contains("audience (aud)");
        assertThat(refusal(token(key, c -> c.issuer("https://login.example/other/v2.0"))))
                .contains("issuer (iss) is not one this pool trusts");
        assertThat(refusal(token(key, c -> c.issuer(null)))).contains("no iss");
        assertThat(refusal(token(key, c -> c.claim("oid", null).subject(null)))).contains("neither an oid nor a sub");
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID(key.getKeyID()).generate();
        assertThat(refusal(token(other, c -> c))).isEqualTo("the token's signature is not valid");
    }

    @Test
    void unsignedMacSignedAndUnknownKeyTokensAreRefused() throws Exception {
        assertThat(refusal(new PlainJWT(claims().build()).serialize())).contains("alg none");
        SignedJWT mac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
        mac.sign(new MACSigner(new byte[32]));
        assertThat(refusal(mac.serialize())).contains("algorithm HS256 is not accepted");
        SignedJWT unknown = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ffff").build(),
                claims().build());
        unknown.sign(new ECDSASigner(key));
        assertThat(refusal(unknown.serialize())).contains("no signing key of its issuer has its key id");
    }

    @ParameterizedTest
    @ValueSource(strings = { "garbage", "a.b.c", "eyJhbGciOiJFUzI1NiJ9.e30", "....", "eyJ.eyJ.sig" })
    void garbageIsNotAWellFormedJwt(String token) {
        assertThat(refusal(token)).isIn("the bearer token is not a well-formed JWT",
                "the token's claims are not a valid JSON object");
    }

    @Test
    void descriptionsCannotBreakTheChallengeHeader() {
        assertThat(Challenge.headerSafe("a, b=\"c\"\\\n")).isEqualTo("a; b:'c'??");
    }
}
