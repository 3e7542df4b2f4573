package org.hsmpool.pool.sdk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.net.ssl.SSLContext;

import org.hsmpool.testkit.PoolHarness;
import org.hsmpool.testkit.SdkClients;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.security.keyvault.administration.KeyVaultAccessControlClient;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import reactor.core.publisher.Mono;

/**
 * A whole pool of real processes for the Azure SDK tests: three hsm-nodes on their own SoftHSM2
 * tokens and a packaged pool-manager over HTTPS (pool CA, host {@code localhost}), activated
 * through the security-domain endpoint; plus Azure SDK clients built against it (JDK HttpClient
 * transport trusting only the pool CA, a static bearer token, challenge resource verification
 * off, key caching off).
 */
final class SdkPool implements AutoCloseable {
    static final String TOKEN = PoolHarness.TOKEN;
    static final String SCOPE = "https://managedhsm.azure.net/.default";
    private static final ObjectMapper JSON = new ObjectMapper();

    final PoolHarness harness;
    final int port;
    final String vaultUrl;
    final SSLContext ssl;
    final List<String> scopesAsked = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The last request the SDK clients sent with a body: method, URL and body (after the challenge). */
    final java.util.concurrent.atomic.AtomicReference<String> lastRequest = new java.util.concurrent.atomic.AtomicReference<>();
    private final java.net.http.HttpClient plain;
    private final SdkClients sdk;

    SdkPool(String name) throws Exception {
        this(name, java.util.Map.of());
    }

    SdkPool(String name, java.util.Map<String, String> managerProperties) throws Exception {
        this(name, managerProperties, List.of(), true);
    }

    /** {@code activate} false: the pool stays NotActivated until {@link #activate()}. */
    SdkPool(String name, java.util.Map<String, String> managerProperties, boolean activate) throws Exception {
        this(name, managerProperties, List.of(), activate);
    }

    /** {@code principals}: more principals in the token file, each with {@link PoolHarness#tokenOf}. */
    SdkPool(String name, java.util.Map<String, String> managerProperties, List<String> principals) throws Exception {
        this(name, managerProperties, principals, true);
    }

    SdkPool(String name, java.util.Map<String, String> managerProperties, List<String> principals, boolean activate)
            throws Exception {
        this(name, managerProperties, principals, activate, org.hsmpool.testkit.TestJvm.options());
    }

    /** {@code managerJvm}: the manager's JVM options; {@code TestJvm.fullJit()} where PBKDF2 dominates a test. */
    SdkPool(String name, java.util.Map<String, String> managerProperties, List<String> principals, boolean activate,
            List<String> managerJvm) throws Exception {
        harness = new PoolHarness(name, 3, managerProperties, principals, managerJvm);
        port = harness.manager.port();
        vaultUrl = "https://localhost:" + port;
        ssl = harness.ssl();
        sdk = new SdkClients(vaultUrl, ssl);
        plain = java.net.http.HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        if (activate) {
            activate();
        }
    }

    void activate() throws Exception {
        harness.activate();
        harness.awaitNodes("HEALTHY", 3, Duration.ofSeconds(30));
    }

    String managerLog() throws IOException {
        return harness.manager.logText();
    }

    /** The pool's static bearer token, for the scope the SDK derives from the challenge. */
    TokenCredential credential() {
        return credential(TOKEN);
    }

    /** A static bearer token, e.g. {@link PoolHarness#tokenOf} a principal; the scopes the SDK asks are kept. */
    TokenCredential credential(String token) {
        TokenCredential bearer = SdkClients.credential(token);
        return request -> {
            scopesAsked.addAll(request.getScopes());
            return bearer.getToken(request);
        };
    }

    HttpClient sdkHttpClient() {
        return sdk.httpClient();
    }

    KeyClient keyClient() {
        return keyClient(TOKEN);
    }

    KeyClient keyClient(String token) {
        return keyClient(credential(token));
    }

    KeyClient keyClient(TokenCredential credential) {
        return sdk.keyClient(credential);
    }

    /** A client for a key id that never fetches or caches the key: every operation goes to the pool. */
    CryptographyClient cryptographyClient(String keyId) {
        return cryptographyClient(keyId, TOKEN);
    }

    CryptographyClient cryptographyClient(String keyId, String token) {
        return sdk.cryptographyClient(keyId, credential(token), recorder());
    }

    /** The local RBAC client of {@code azure-security-keyvault-administration}. */
    KeyVaultAccessControlClient accessControlClient(String token) {
        return sdk.accessControlClient(credential(token));
    }

    /** Records what the SDK puts on the wire (per-retry, so after the body-less challenge request). */
    private HttpPipelinePolicy recorder() {
        return new HttpPipelinePolicy() {
            @Override
            public Mono<com.azure.core.http.HttpResponse> process(HttpPipelineCallContext context,
                    HttpPipelineNextPolicy next) {
                com.azure.core.http.HttpRequest r = context.getHttpRequest();
                com.azure.core.util.BinaryData body = r.getBodyAsBinaryData();
                if (body != null && body.getLength() != null && body.getLength() > 0) {
                    lastRequest.set(r.getHttpMethod() + " " + r.getUrl() + " " + body);
                }
                return next.process();
            }

            @Override
            public HttpPipelinePosition getPipelinePosition() {
                return HttpPipelinePosition.PER_RETRY;
            }
        };
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, body, TOKEN);
    }

    HttpResponse<String> send(String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vaultUrl + path
                + (path.contains("?") ? "&" : "?") + "api-version=7.5"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(90));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        return plain.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with no Authorization header, or the one given, and no api-version added. */
    HttpResponse<String> sendAs(String authorization, String method, String pathAndQuery, String contentType,
            String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vaultUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(90));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        return plain.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode status() throws Exception {
        return harness.status();
    }

    /** Calls the manager has sent to nodes so far (the sum of every node's {@code served}). */
    long served() throws Exception {
        long n = 0;
        for (JsonNode node : status().get("nodes")) {
            n += node.get("served").asLong();
        }
        return n;
    }

    private static SdkPool shared;

    /**
     * One activated pool of the default configuration for every test class of this JVM that only creates and
     * uses keys of its own (unique names) and changes nothing pool-wide: starting a pool costs 10-15 s. It is
     * closed when the test JVM exits; a class must not close it.
     */
    static synchronized SdkPool shared() throws Exception {
        if (shared == null) {
            SdkPool pool = new SdkPool("shared");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pool.close();
                } catch (Exception e) {
                    System.err.println("closing the shared pool: " + e);
                }
            }, "close-shared-pool"));
            shared = pool;
        }
        return shared;
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
