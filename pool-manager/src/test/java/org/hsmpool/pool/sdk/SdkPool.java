package org.hsmpool.pool.sdk;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.hsmpool.node.testing.NodeProcess;
import org.hsmpool.node.testing.TestPool;
import org.hsmpool.nodeapi.pki.Pem;
import org.hsmpool.sd.AdminKeyPair;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
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
    static final Path WORK = Path.of(System.getProperty("hsmpool.test.work", "target/it-pools"));
    static final Path MANAGER_JAR = Path.of(System.getProperty("hsmpool.test.manager.jar",
            "target/quarkus-app/quarkus-run.jar"));
    static final String TOKEN = "sdk-token-" + UUID.randomUUID();
    static final String SCOPE = "https://managedhsm.azure.net/.default";
    private static final ObjectMapper JSON = new ObjectMapper();

    final TestPool pool;
    final List<NodeProcess> nodes = new ArrayList<>();
    final Path dir;
    final int port;
    final String vaultUrl;
    final SSLContext ssl;
    final List<String> scopesAsked = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The last request the SDK clients sent with a body: method, URL and body (after the challenge). */
    final java.util.concurrent.atomic.AtomicReference<String> lastRequest = new java.util.concurrent.atomic.AtomicReference<>();
    private final java.net.http.HttpClient plain;
    private Process manager;

    SdkPool(String name) throws Exception {
        dir = WORK.resolve(name + "-" + UUID.randomUUID().toString().substring(0, 8));
        pool = new TestPool(dir);
        Map<String, String> endpoints = new LinkedHashMap<>();
        for (int i = 1; i <= 3; i++) {
            NodeProcess node = pool.node("node-" + i).start();
            nodes.add(node);
            endpoints.put(node.name(), "127.0.0.1:" + node.port());
        }
        for (NodeProcess node : nodes) {
            node.awaitReady();
        }
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "sdk-tester " + TOKEN + "\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        startManager(endpoints, tokens);
        vaultUrl = "https://localhost:" + port;
        ssl = trustingPoolCa(pool.caFile());
        plain = java.net.http.HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        awaitHealthy(3, Duration.ofSeconds(60));
        activate();
        awaitHealthy(3, Duration.ofSeconds(30));
    }

    private void startManager(Map<String, String> endpoints, Path tokens) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java,
                "-Dhsmpool.pool.store=" + dir.resolve("pool.db"),
                "-Dhsmpool.pool.port=" + port,
                "-Dhsmpool.pool.tls.certificate=" + dir.resolve("manager/manager.crt"),
                "-Dhsmpool.pool.tls.key=" + dir.resolve("manager/manager.key"),
                "-Dhsmpool.pool.tls.ca=" + dir.resolve("ca/ca.crt"),
                "-Dhsmpool.pool.auth.token-file=" + tokens,
                "-Dhsmpool.pool.timing.health-interval=300ms"));
        endpoints.forEach((n, endpoint) -> cmd.add("-Dhsmpool.pool.nodes." + n + "=" + endpoint));
        cmd.addAll(List.of("-jar", MANAGER_JAR.toAbsolutePath().toString()));
        manager = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("manager.log").toFile())).start();
        Instant until = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(until)) {
            if (!manager.isAlive()) {
                throw new IllegalStateException("manager exited with " + manager.exitValue() + ":\n" + managerLog());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("manager did not listen within 60 s:\n" + managerLog());
    }

    String managerLog() throws IOException {
        Path log = dir.resolve("manager.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    static SSLContext trustingPoolCa(Path caFile) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("pool-ca", Pem.readCertificates(caFile).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** The pool's static bearer token, for the scope the SDK derives from the challenge. */
    TokenCredential credential() {
        return request -> {
            scopesAsked.addAll(request.getScopes());
            return Mono.just(new AccessToken(TOKEN, java.time.OffsetDateTime.now().plusHours(1)));
        };
    }

    HttpClient sdkHttpClient() {
        return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(ssl))
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(90)).build();
    }

    private static HttpLogOptions logOptions() {
        // -Dhsmpool.test.sdk.log=true logs every exchange with bodies (through the SDK's logger)
        return new HttpLogOptions().setLogLevel(Boolean.getBoolean("hsmpool.test.sdk.log")
                ? HttpLogDetailLevel.BODY_AND_HEADERS : HttpLogDetailLevel.NONE);
    }

    /** No retries: a 5xx must show up as the failure it is, not be hidden by a retry. */
    private static RetryOptions noRetry() {
        return new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1)));
    }

    KeyClient keyClient() {
        return new KeyClientBuilder().vaultUrl(vaultUrl).credential(credential()).httpClient(sdkHttpClient())
                .disableChallengeResourceVerification().httpLogOptions(logOptions()).retryOptions(noRetry())
                .buildClient();
    }

    /** A client for a key id that never fetches or caches the key: every operation goes to the pool. */
    CryptographyClient cryptographyClient(String keyId) {
        return new CryptographyClientBuilder().keyIdentifier(keyId).credential(credential())
                .httpClient(sdkHttpClient()).disableChallengeResourceVerification().disableKeyCaching()
                .httpLogOptions(logOptions()).retryOptions(noRetry()).addPolicy(recorder()).buildClient();
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

    /** Activation with three administrators, quorum two. */
    private void activate() throws Exception {
        List<Map<String, Object>> certificates = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            AdminKeyPair admin = AdminKeyPair.generate("admin-" + i, Instant.now(), new SecureRandom());
            certificates.add(Map.of("kty", "RSA", "x5c",
                    List.of(Base64.getEncoder().encodeToString(admin.certificate().getEncoded()))));
        }
        HttpResponse<String> r = send("POST", "/securitydomain/download",
                JSON.writeValueAsString(Map.of("certificates", certificates, "required", 2)));
        if (r.statusCode() != 202) {
            throw new AssertionError("activation answered " + r.statusCode() + ": " + r.body());
        }
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vaultUrl + path
                + (path.contains("?") ? "&" : "?") + "api-version=7.5"))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(90));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        return plain.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode status() throws Exception {
        return JSON.readTree(send("GET", "/hsmpool/status", null).body());
    }

    /** Calls the manager has sent to nodes so far (the sum of every node's {@code served}). */
    long served() throws Exception {
        long n = 0;
        for (JsonNode node : status().get("nodes")) {
            n += node.get("served").asLong();
        }
        return n;
    }

    private void awaitHealthy(int count, Duration timeout) throws Exception {
        Instant until = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(until)) {
            try {
                last = status();
                int n = 0;
                for (JsonNode node : last.get("nodes")) {
                    if (node.get("state").asText().equals("HEALTHY")) {
                        n++;
                    }
                }
                if (n >= count) {
                    return;
                }
            } catch (Exception notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fewer than " + count + " nodes became HEALTHY: " + last);
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() throws Exception {
        if (manager != null && manager.isAlive()) {
            manager.destroy();
            if (!manager.waitFor(20, TimeUnit.SECONDS)) {
                manager.destroyForcibly().waitFor();
            }
        }
        for (NodeProcess node : nodes) {
            node.close();
        }
    }
}
