package org.hsmpool.pool.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.hsmpool.testkit.PoolHarness;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import reactor.core.publisher.Mono;

/**
 * Issue 6, authentication: the built-in token service (service principals, OAuth2 client
 * credentials at Entra's paths, ES256 tokens signed in the HSM nodes), the official Azure SDK with
 * those tokens (a TokenCredential of our own, and azure-identity's ClientSecretCredential), an
 * external OIDC issuer whose JWKS a real HTTP server in this test publishes, and every kind of bad
 * token answered 401 with its reason. One pool, created NotActivated to see that no token is issued
 * before activation.
 */
class SdkIdentityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "hsmpool";
    private static final String MHSM_SCOPE = "https://managedhsm.azure.net/.default";
    private static final String IDP_ISSUER = "https://idp.test/realms/hsm";
    private static final String IDP_AUDIENCE = "api://hsmpool";
    private static final String IDP_OID = "6c1b3c56-6a55-4b38-8f0f-2b6f5a1d9e01";
    /** The issuer's name in the configuration: it prefixes its principals' ids. */
    private static final String IDP_NAME = "test-idp";

    private static HttpServer idp;
    private static ECKey idpKey;
    private static SdkPool pool;
    private static JsonNode principal;
    private static HttpResponse<String> beforeActivation;

    @BeforeAll
    static void start() throws Exception {
        idpKey = new ECKeyGenerator(Curve.P_256).keyID("idp-key-1").generate();
        idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] jwks = new JWKSet(idpKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        idp.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        idp.start();
        String issuerConfig = "hsmpool.pool.auth.issuers." + IDP_NAME;
        pool = new SdkPool("sdk-identity", Map.of(issuerConfig + ".issuer", IDP_ISSUER,
                issuerConfig + ".audience", IDP_AUDIENCE, issuerConfig + ".jwks-uri",
                "http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks"), List.of(), false,
                // every client secret is a 600,000-round PBKDF2: C1-only code takes ~2 s for one, C2 ~0.3 s
                org.hsmpool.testkit.TestJvm.fullJit());
        principal = createPrincipal("identity-it app");
        beforeActivation = tokenRequest(principal.get("clientId").asText(), principal.get("secret").asText(),
                MHSM_SCOPE);
        pool.activate();
        // RBAC denies by default: the principals of these tests get the key roles, as an operator would give them
        for (String id : List.of(principal.get("objectId").asText(), idpPrincipal(IDP_OID),
                idpPrincipal("idp-subject"))) {
            pool.harness.grantKeyRoles(id);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) {
            pool.close();
        }
        if (idp != null) {
            idp.stop(0);
        }
    }

    /** The pool's principal id of a user of the external issuer. */
    private static String idpPrincipal(String oid) {
        return IDP_NAME + ":" + oid;
    }

    private static JsonNode createPrincipal(String displayName) throws Exception {
        HttpResponse<String> created = pool.send("POST", "/hsmpool/principals",
                JSON.writeValueAsString(Map.of("displayName", displayName)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body());
    }

    private static HttpResponse<String> tokenRequest(String clientId, String secret, String scope) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(secret)
                + "&scope=" + enc(scope);
        return pool.sendAs(null, "POST", "/" + TENANT + "/oauth2/v2.0/token", "application/x-www-form-urlencoded",
                form);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String poolToken() throws Exception {
        HttpResponse<String> reply = tokenRequest(principal.get("clientId").asText(),
                principal.get("secret").asText(), MHSM_SCOPE);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return JSON.readTree(reply.body()).get("access_token").asText();
    }

    private static HttpResponse<String> listKeysWith(String token) throws Exception {
        return pool.sendAs(token == null ? null : "Bearer " + token, "GET", "/keys?api-version=7.5", null, null);
    }

    @Test
    void noTokenIsIssuedBeforeTheActivation() throws Exception {
        assertThat(beforeActivation.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(beforeActivation.body());
        assertThat(error.get("error").asText()).isEqualTo("invalid_request");
        assertThat(error.get("error_description").asText()).contains("NotActivated").contains("activated");
    }

    @Test
    void principalsAreListedWithoutSecretsAndDeletedPrincipalsGetNoToken() throws Exception {
        JsonNode other = createPrincipal("short-lived");
        String clientId = other.get("clientId").asText();
        assertThat(other.get("secret").asText()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(other.get("objectId").asText()).isNotEqualTo(clientId);

        HttpResponse<String> listed = pool.send("GET", "/hsmpool/principals", null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains(clientId).doesNotContain(other.get("secret").asText())
                .doesNotContain("secret").doesNotContain("pbkdf2");
        assertThat(tokenRequest(clientId, other.get("secret").asText(), MHSM_SCOPE).statusCode()).isEqualTo(200);

        assertThat(pool.send("DELETE", "/hsmpool/principals/" + clientId, null).statusCode()).isEqualTo(200);
        assertThat(pool.send("DELETE", "/hsmpool/principals/" + clientId, null).statusCode()).isEqualTo(404);
        HttpResponse<String> refused = tokenRequest(clientId, other.get("secret").asText(), MHSM_SCOPE);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("invalid_client");
        assertThat(pool.sendAs(null, "GET", "/hsmpool/principals?api-version=7.5", null, null).statusCode())
                .as("the administration of principals needs a token").isEqualTo(401);
    }

    @Test
    void discoveryAndKeysAreServedWithoutTokenOrApiVersion() throws Exception {
        HttpResponse<String> discovery = pool.sendAs(null, "GET", "/" + TENANT
                + "/v2.0/.well-known/openid-configuration", null, null);
        assertThat(discovery.statusCode()).as(discovery.body()).isEqualTo(200);
        JsonNode doc = JSON.readTree(discovery.body());
        String base = pool.vaultUrl + "/" + TENANT;
        assertThat(doc.get("issuer").asText()).isEqualTo(base + "/v2.0");
        assertThat(doc.get("token_endpoint").asText()).isEqualTo(base + "/oauth2/v2.0/token");
        assertThat(doc.get("jwks_uri").asText()).isEqualTo(base + "/discovery/v2.0/keys");

        String token = poolToken(); // the signing key exists from the first token on
        HttpResponse<String> keys = pool.sendAs(null, "GET", "/" + TENANT + "/discovery/v2.0/keys", null, null);
        assertThat(keys.statusCode()).isEqualTo(200);
        JWKSet set = JWKSet.parse(keys.body());
        String kid = SignedJWT.parse(token).getHeader().getKeyID();
        assertThat(set.getKeyByKeyId(kid)).isInstanceOf(ECKey.class);
        assertThat(set.getKeyByKeyId(kid).isPrivate()).isFalse();

        HttpResponse<String> wrongTenant = pool.sendAs(null, "GET", "/other/v2.0/.well-known/openid-configuration",
                null, null);
        assertThat(wrongTenant.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrongTenant.body()).get("error").asText()).isEqualTo("invalid_tenant");
    }

    @Test
    void aTokenOfTheBuiltInServiceIsSignedByTheHsmKeyAndWorksWithTheKeyClient() throws Exception {
        String token = poolToken();
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        JWKSet published = JWKSet.parse(pool.sendAs(null, "GET", "/" + TENANT + "/discovery/v2.0/keys", null, null)
                .body());
        assertThat(jwt.verify(new ECDSAVerifier((ECKey) published.getKeyByKeyId(jwt.getHeader().getKeyID()))))
                .isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(pool.vaultUrl + "/" + TENANT + "/v2.0");
        assertThat(claims.getAudience()).containsExactly("https://managedhsm.azure.net");
        assertThat(claims.getStringClaim("oid")).isEqualTo(principal.get("objectId").asText());
        assertThat(claims.getSubject()).isEqualTo(principal.get("objectId").asText());
        assertThat(claims.getStringClaim("appid")).isEqualTo(principal.get("clientId").asText());
        assertThat(claims.getStringClaim("tid")).isEqualTo(TENANT);
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(3_600_000L);

        KeyClient keys = pool.keyClient(request -> Mono.just(new AccessToken(token,
                java.time.OffsetDateTime.now().plusMinutes(50))));
        String name = SdkPool.uniqueName("id-token");
        KeyVaultKey created = keys.createEcKey(new CreateEcKeyOptions(name).setCurveName(KeyCurveName.P_256));
        assertThat(keys.getKey(name).getId()).isEqualTo(created.getId());
        assertThat(keys.listPropertiesOfKeys().stream().map(p -> p.getName()))
                .as("the token signing key is not listed").contains(name).noneMatch(n -> n.contains("token-signing"));
        for (String[] call : new String[][] { {"GET", "/keys/%24token-signing"},
                {"POST", "/keys/%24token-signing/0123456789abcdef0123456789abcdef/sign"},
                {"DELETE", "/keys/%24token-signing"} }) {
            HttpResponse<String> reply = pool.send(call[0], call[1], call[0].equals("POST")
                    ? "{\"alg\":\"ES256\",\"value\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}" : null);
            assertThat(reply.statusCode()).as(call[0] + " " + call[1] + ": " + reply.body()).isEqualTo(400);
        }
    }

    @Test
    void clientSecretCredentialOfAzureIdentityObtainsATokenAndTheKeyClientWorks() throws Exception {
        ClientSecretCredential credential = new ClientSecretCredentialBuilder().tenantId(TENANT)
                .clientId(principal.get("clientId").asText()).clientSecret(principal.get("secret").asText())
                .authorityHost(pool.vaultUrl).disableInstanceDiscovery().httpClient(pool.sdkHttpClient()).build();
        AccessToken token = credential.getTokenSync(new TokenRequestContext().addScopes(MHSM_SCOPE));
        assertThat(SignedJWT.parse(token.getToken()).getJWTClaimsSet().getStringClaim("appid"))
                .isEqualTo(principal.get("clientId").asText());

        KeyClient keys = pool.keyClient(credential);
        String name = SdkPool.uniqueName("id-msal");
        keys.createEcKey(new CreateEcKeyOptions(name).setCurveName(KeyCurveName.P_256));
        assertThat(keys.getKey(name).getName()).isEqualTo(name);
    }

    @Test
    void aWrongSecretUnknownClientWrongScopeOrGrantIsRefusedInOAuthForm() throws Exception {
        String clientId = principal.get("clientId").asText();
        String secret = principal.get("secret").asText();
        assertOAuthError(tokenRequest(clientId, secret + "x", MHSM_SCOPE), 401, "invalid_client");
        assertOAuthError(tokenRequest("00000000-0000-0000-0000-000000000000", secret, MHSM_SCOPE), 401,
                "invalid_client");
        assertOAuthError(tokenRequest(clientId, secret, "https://vault.azure.net/.default"), 400, "invalid_scope");
        assertOAuthError(pool.sendAs(null, "POST", "/" + TENANT + "/oauth2/v2.0/token",
                "application/x-www-form-urlencoded", "grant_type=password&client_id=" + clientId), 400,
                "unsupported_grant_type");
        HttpResponse<String> ownResource = tokenRequest(clientId, secret, pool.vaultUrl + "/.default");
        assertThat(ownResource.statusCode()).as("the pool's own URL is a resource").isEqualTo(200);
        assertThat(listKeysWith(JSON.readTree(ownResource.body()).get("access_token").asText()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aBurstOfWrongSecretsIs429QuicklyWhileAnotherClientStillGetsItsToken() throws Exception {
        JsonNode victim = createPrincipal("burst-target");
        String clientId = victim.get("clientId").asText();
        String secret = victim.get("secret").asText();
        int burst = 24;
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(burst);
        List<java.util.concurrent.Future<Timed>> replies = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < burst; i++) {
                String wrong = secret.substring(0, 10) + "wrong" + i;
                replies.add(threads.submit(() -> {
                    long start = System.nanoTime();
                    HttpResponse<String> reply = tokenRequest(clientId, wrong, MHSM_SCOPE);
                    return new Timed(reply, (System.nanoTime() - start) / 1_000_000);
                }));
            }
            int hashed = 0;
            int throttled = 0;
            for (java.util.concurrent.Future<Timed> f : replies) {
                Timed t = f.get(120, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(t.reply.statusCode()).as(t.reply.body()).isIn(401, 429);
                if (t.reply.statusCode() == 401) {
                    hashed++;
                    continue;
                }
                throttled++;
                assertOAuthError(t.reply, 429, "temporarily_unavailable");
                assertThat(Long.parseLong(t.reply.headers().firstValue("Retry-After").orElseThrow()))
                        .isBetween(1L, 60L);
                assertThat(t.millis).as("a 429 waits for no hash").isLessThan(3_000);
            }
            // per client id 5 failures a minute, 2 hashes at once (the defaults)
            assertThat(hashed).as("secrets checked for the burst").isBetween(1, 7);
            assertThat(throttled).isEqualTo(burst - hashed);
        } finally {
            threads.shutdownNow();
        }
        HttpResponse<String> locked = null;
        for (int i = 0; i < 7 && (locked == null || locked.statusCode() != 429); i++) {
            locked = tokenRequest(clientId, secret + "x", MHSM_SCOPE);
        }
        assertOAuthError(locked, 429, "temporarily_unavailable");
        assertThat(JSON.readTree(locked.body()).get("error_description").asText()).contains("client_id");
        assertThat(tokenRequest(clientId, secret, MHSM_SCOPE).statusCode())
                .as("the attacked client id waits for the end of the minute, even with its secret").isEqualTo(429);
        assertThat(poolToken()).as("a client of another id still gets its token").isNotBlank();
        assertThat(pool.managerLog()).doesNotContain(secret);
    }

    private record Timed(HttpResponse<String> reply, long millis) {
    }

    private static void assertOAuthError(HttpResponse<String> reply, int status, String error) throws Exception {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(reply.body());
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("error_description").asText()).isNotBlank();
    }

    @Test
    void secretsAreNotInTheStoreFilesInPlaintext() throws Exception {
        JsonNode fresh = createPrincipal("store-check");
        byte[] secret = fresh.get("secret").asText().getBytes(StandardCharsets.US_ASCII);
        byte[] clientId = fresh.get("clientId").asText().getBytes(StandardCharsets.US_ASCII);
        byte[] everything = storeBytes();
        assertThat(indexOf(everything, clientId)).as("the principal is in the store files").isNotNegative();
        assertThat(indexOf(everything, secret)).as("its secret is not").isNegative();
    }

    private static byte[] storeBytes() throws Exception {
        Path db = pool.harness.storeFile();
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (Path file : List.of(db, db.resolveSibling(db.getFileName() + "-wal"))) {
            if (Files.exists(file)) {
                all.write(Files.readAllBytes(file));
            }
        }
        return all.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ---- the external issuer

    private static JWTClaimsSet.Builder idpClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(IDP_ISSUER).audience(IDP_AUDIENCE).subject("idp-subject")
                .claim("oid", IDP_OID).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)));
    }

    private static String idpToken(ECKey key, UnaryOperator<JWTClaimsSet.Builder> change) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                    .keyID(idpKey.getKeyID()).build(), change.apply(idpClaims()).build());
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void tokensOfTheConfiguredIssuerAreAcceptedWithOidOrSub() throws Exception {
        assertThat(listKeysWith(idpToken(idpKey, c -> c)).statusCode()).isEqualTo(200);
        assertThat(listKeysWith(idpToken(idpKey, c -> c.claim("oid", null))).statusCode()).isEqualTo(200);
        TokenCredential idpCredential = request -> Mono.just(new AccessToken(idpToken(idpKey, c -> c),
                java.time.OffsetDateTime.now().plusMinutes(9)));
        String name = SdkPool.uniqueName("id-idp");
        pool.keyClient(idpCredential).createEcKey(new CreateEcKeyOptions(name).setCurveName(KeyCurveName.P_256));
        assertThat(pool.keyClient().getKey(name).getName()).isEqualTo(name);
    }

    @Test
    void anExternalUserWhoseOidIsAPoolPrincipalsIdGetsNoneOfItsRights() throws Exception {
        String appObjectId = principal.get("objectId").asText();
        String asTester = idpToken(idpKey, c -> c.claim("oid", PoolHarness.TESTER));
        String asApp = idpToken(idpKey, c -> c.claim("oid", appObjectId).subject(appObjectId));
        String assignments = "/providers/Microsoft.Authorization/roleAssignments?api-version=7.5";
        String pending = "/securitydomain/download/pending?api-version=7.5";
        // the genuine principals may: the tester is an initial administrator with the key roles, the app has them
        assertThat(pool.sendAs("Bearer " + SdkPool.TOKEN, "GET", assignments, null, null).statusCode()).isEqualTo(200);
        assertThat(pool.sendAs("Bearer " + SdkPool.TOKEN, "GET", pending, null, null).statusCode()).isEqualTo(200);
        assertThat(listKeysWith(poolToken()).statusCode()).isEqualTo(200);

        assertDenied(pool.sendAs("Bearer " + asTester, "GET", assignments, null, null), idpPrincipal(PoolHarness.TESTER));
        assertDenied(pool.sendAs("Bearer " + asTester, "GET", pending, null, null), idpPrincipal(PoolHarness.TESTER));
        assertDenied(listKeysWith(asTester), idpPrincipal(PoolHarness.TESTER));
        assertDenied(listKeysWith(asApp), idpPrincipal(appObjectId));
        String name = SdkPool.uniqueName("id-spoof");
        TokenCredential spoofing = request -> Mono.just(new AccessToken(asApp,
                java.time.OffsetDateTime.now().plusMinutes(9)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.keyClient(spoofing)
                .createEcKey(new CreateEcKeyOptions(name).setCurveName(KeyCurveName.P_256)))
                .isInstanceOfSatisfying(com.azure.core.exception.HttpResponseException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(403));

        // what names the external user is its namespaced id
        pool.harness.grantKeyRoles(idpPrincipal(appObjectId));
        assertThat(listKeysWith(asApp).statusCode()).isEqualTo(200);
        assertDenied(listKeysWith(asTester), idpPrincipal(PoolHarness.TESTER));
    }

    private static void assertDenied(HttpResponse<String> reply, String principalId) throws Exception {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(403);
        JsonNode error = JSON.readTree(reply.body()).get("error");
        assertThat(error.get("code").asText()).isIn("AccessDenied", "Forbidden");
        assertThat(error.get("message").asText()).contains("Principal " + principalId + " ");
    }

    @Test
    void anExternalOidTooLongForARoleAssignmentIs401() throws Exception {
        HttpResponse<String> reply = listKeysWith(idpToken(idpKey, c -> c.claim("oid", "x".repeat(250))));
        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(reply.body()).at("/error/message").asText()).contains("too long");
    }

    static Stream<Arguments> badTokens() throws Exception {
        Instant now = Instant.now();
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("idp-key-1").generate();
        return Stream.of(
                Arguments.of("expired", idpToken(idpKey, c -> c.expirationTime(Date.from(now.minusSeconds(600)))),
                        "the token expired at "),
                Arguments.of("not yet valid", idpToken(idpKey, c -> c.notBeforeTime(Date.from(now.plusSeconds(600)))
                        .expirationTime(Date.from(now.plusSeconds(1200)))), "the token is not valid before "),
                Arguments.of("wrong audience", idpToken(idpKey, c -> c.audience("https://vault.azure.net")),
                        "the token's audience (aud) is not one this pool accepts"),
                Arguments.of("wrong issuer", idpToken(idpKey, c -> c.issuer("https://evil.test/realms/hsm")),
                        "the token's issuer (iss) is not one this pool trusts"),
                Arguments.of("signed by another key", idpToken(stranger, c -> c), "the token's signature is not valid"),
                Arguments.of("alg none", new PlainJWT(idpClaims().build()).serialize(),
                        "the token is not signed (alg none)"),
                Arguments.of("garbage", "this-is-not-a-jwt-at-all", "the bearer token is not a well-formed JWT"),
                Arguments.of("no principal", idpToken(idpKey, c -> c.claim("oid", null).subject(null)),
                        "the token names no principal"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void aBadTokenIs401WithItsReason(String what, String token, String reason) throws Exception {
        HttpResponse<String> reply = listKeysWith(token);
        assertThat(reply.statusCode()).isEqualTo(401);
        String challenge = reply.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertThat(challenge).startsWith("Bearer authorization=\"" + pool.vaultUrl + "/" + TENANT + "\"")
                .contains(", error=\"invalid_token\", error_description=\"" + reason.replace(",", ";"));
        JsonNode error = JSON.readTree(reply.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("Unauthorized");
        assertThat(error.get("message").asText()).startsWith(reason);
        assertThat(pool.managerLog()).doesNotContain(token);
    }

    @Test
    void aPoolTokenWithAnotherTokensSignatureIsRefused() throws Exception {
        String[] a = poolToken().split("\\.");
        String[] b = poolToken().split("\\.");
        HttpResponse<String> reply = listKeysWith(a[0] + "." + a[1] + "." + b[2]);
        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(reply.body()).get("error").get("message").asText())
                .isEqualTo("the token's signature is not valid");
        assertThat(listKeysWith(String.join(".", a)).statusCode()).as("the untouched token works").isEqualTo(200);
    }

    @Test
    void noTokenIsTheChallengeWithoutAnError() throws Exception {
        HttpResponse<String> reply = listKeysWith(null);
        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(reply.headers().firstValue("WWW-Authenticate").orElseThrow()).doesNotContain("error=");
    }
}
