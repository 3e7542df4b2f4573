package org.hsmpool.containers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.hsmpool.nodeapi.pki.Pem;
import org.hsmpool.nodeapi.provision.ContainerBundle;
import org.hsmpool.sd.AdminKeyPair;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Volume;

import reactor.core.publisher.Mono;

/**
 * A pool of containers, as deploy/compose runs it: three hsm-node containers (each with its own
 * anonymous token volume) and the manager on one Docker network, the files of a
 * {@link ContainerBundle} bind-mounted read-only, the manager's HTTPS port published on localhost.
 * Clients are the Azure SDK and the JDK's HttpClient, trusting only the pool CA.
 */
final class ContainerPool implements AutoCloseable {
    static final List<String> NODES = List.of("node-1", "node-2", "node-3");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CRYPTO_OFFICER = "515eb02d-2335-4d2d-92f2-b1cbdf9c3778";
    private static final String CRYPTO_USER = "21dbd100-6940-42c2-9190-5d6cb909625b";

    final ContainerBundle bundle;
    final String tag;
    final Network network = Network.newNetwork();
    final Map<String, GenericContainer<?>> nodes = new LinkedHashMap<>();
    GenericContainer<?> manager;
    private String url;
    private String token;
    private SSLContext ssl;
    private HttpClient http;

    ContainerPool(Path dir, String tag) throws IOException {
        this.tag = tag;
        List<ContainerBundle.Node> list = NODES.stream().map(n -> new ContainerBundle.Node(n, List.of(n))).toList();
        this.bundle = new ContainerBundle(dir).write(list, List.of("localhost", "127.0.0.1", "manager"),
                ContainerBundle.IMAGE_UID);
    }

    static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    /** Build the images with the script operators and CI use; the root file systems are cached. */
    static void buildImages(Path home, String tag) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(home.resolve("deploy/containers/build-images.sh").toString(), tag)
                .directory(home.toFile()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("deploy/containers/build-images.sh failed (exit " + p.exitValue() + ")");
        }
    }

    ContainerPool start() throws Exception {
        NODES.forEach(n -> nodes.put(n, node(n)));
        nodes.values().parallelStream().forEach(GenericContainer::start);
        manager = new GenericContainer<>("hsmpool-manager:" + tag).withNetwork(network).withNetworkAliases("manager")
                .withCreateContainerCmdModifier(c -> c.withHostName("manager")
                        .getHostConfig().withBinds(readOnly(bundle.managerDir(), "/etc/hsmpool/manager")))
                .withExposedPorts(8443)
                .waitingFor(Wait.forHttps("/q/health/ready").forPort(8443).allowInsecure()
                        .withStartupTimeout(Duration.ofSeconds(120)));
        manager.start();
        url = "https://localhost:" + manager.getMappedPort(8443);
        token = bundle.operatorToken();
        ssl = trustingPoolCa(bundle.caFile());
        http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        return this;
    }

    /** A node container on its own (new, empty) token volume. */
    GenericContainer<?> node(String name) {
        return new GenericContainer<>("hsmpool-node:" + tag).withNetwork(network).withNetworkAliases(name)
                .withEnv("HSMPOOL_NODE_NAME", name)
                .withCreateContainerCmdModifier(c -> c.withHostName(name)
                        .getHostConfig().withBinds(readOnly(bundle.nodeDir(name), "/etc/hsmpool/node")))
                .withExposedPorts(9000)
                .waitingFor(Wait.forHttp("/q/health/ready").forPort(9000).withStartupTimeout(Duration.ofSeconds(90)));
    }

    /** Stop and remove a node container with its token volume, and start a new one in its place. */
    GenericContainer<?> replace(String name) {
        nodes.get(name).stop();
        GenericContainer<?> fresh = node(name);
        fresh.start();
        nodes.put(name, fresh);
        return fresh;
    }

    void kill(String name) {
        docker().killContainerCmd(nodes.get(name).getContainerId()).exec();
    }

    void restart(String name) {
        docker().startContainerCmd(nodes.get(name).getContainerId()).exec();
    }

    void disconnect(String name) {
        docker().disconnectFromNetworkCmd().withNetworkId(network.getId()).withContainerId(nodes.get(name).getContainerId())
                .exec();
    }

    void reconnect(String name) {
        docker().connectToNetworkCmd().withNetworkId(network.getId()).withContainerId(nodes.get(name).getContainerId())
                .withContainerNetwork(new ContainerNetwork().withAliases(name)).exec();
    }

    private static Bind readOnly(Path host, String container) {
        return new Bind(host.toAbsolutePath().toString(), new Volume(container), AccessMode.ro);
    }

    /** Activate with three generated administrators (quorum 2); give the operator the key roles. */
    void activate() throws Exception {
        List<Map<String, Object>> certificates = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            AdminKeyPair admin = AdminKeyPair.generate("admin-" + i, Instant.now(), new java.security.SecureRandom());
            certificates.add(Map.of("kty", "RSA", "x5c", List.of(Base64.getEncoder().encodeToString(admin.certificate().getEncoded()))));
        }
        expect(202, send("POST", "/securitydomain/download", Map.of("certificates", certificates, "required", 2)));
        for (String role : List.of(CRYPTO_OFFICER, CRYPTO_USER)) {
            expect(201, send("PUT", "/providers/Microsoft.Authorization/roleAssignments/" + UUID.randomUUID(),
                    Map.of("properties", Map.of("roleDefinitionId", role, "principalId", ContainerBundle.OPERATOR))));
        }
    }

    JsonNode status() throws Exception {
        return JSON.readTree(expect(200, send("GET", "/hsmpool/status", null)).body());
    }

    JsonNode node(JsonNode status, String name) {
        for (JsonNode n : status.path("nodes")) {
            if (n.path("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no node " + name + " in " + status);
    }

    /** Wait until the named node is in {@code state} (and, for HEALTHY, has no lag); the last status. */
    JsonNode awaitNode(String name, String state, Duration timeout) throws Exception {
        Instant until = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(until)) {
            try {
                last = status();
                JsonNode n = node(last, name);
                if (n.path("state").asText().equals(state) && (!state.equals("HEALTHY") || n.path("lag").asLong() == 0)) {
                    return last;
                }
            } catch (IOException notYet) {
                // the manager may be busy
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " did not become " + state + " within " + timeout + ": " + last);
    }

    KeyClient keyClient() {
        return new KeyClientBuilder().vaultUrl(url).credential(credential()).httpClient(sdkHttp())
                .disableChallengeResourceVerification().retryOptions(noRetry()).buildClient();
    }

    /** A client that never caches the key: every operation goes to the pool. */
    CryptographyClient cryptographyClient(String keyId) {
        return new CryptographyClientBuilder().keyIdentifier(keyId).credential(credential()).httpClient(sdkHttp())
                .disableChallengeResourceVerification().disableKeyCaching().retryOptions(noRetry()).buildClient();
    }

    /** No retries: a failed call must show as the failure it is. */
    private static RetryOptions noRetry() {
        return new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1)));
    }

    private TokenCredential credential() {
        return request -> Mono.just(new AccessToken(token, java.time.OffsetDateTime.now().plusHours(1)));
    }

    private com.azure.core.http.HttpClient sdkHttp() {
        return new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(ssl)).connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(90)).build();
    }

    private HttpResponse<String> send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path + "?api-version=7.5"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method,
                        HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new AssertionError(r.request().method() + " " + r.uri().getPath() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    private static SSLContext trustingPoolCa(Path caFile) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("pool-ca", Pem.readCertificates(caFile).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Every container's output so far, into {@code file}. */
    void saveLogs(Path file) throws IOException {
        StringBuilder out = new StringBuilder();
        if (manager != null) {
            out.append("--- manager\n").append(manager.getLogs());
        }
        nodes.forEach((n, c) -> out.append("--- ").append(n).append('\n').append(c.isCreated() ? c.getLogs() : "(not created)"));
        Files.writeString(file, out);
    }

    @Override
    public void close() throws IOException {
        if (manager != null) {
            manager.stop();
        }
        nodes.values().forEach(GenericContainer::stop);
        network.close();
    }
}
