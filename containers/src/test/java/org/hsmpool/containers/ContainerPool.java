package org.hsmpool.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.nodeapi.provision.ContainerBundle;
import org.hsmpool.testkit.PoolUnderTest;
import org.hsmpool.testkit.RestClient;
import org.hsmpool.testkit.SdkClients;
import org.hsmpool.testkit.TestJvm;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Volume;

/**
 * A pool of containers, as deploy/compose runs it: three hsm-node containers (each with its own
 * anonymous token volume) and the manager on one Docker network, the files of a
 * {@link ContainerBundle} bind-mounted read-only, the manager's HTTPS port published on localhost.
 * A {@link PoolUnderTest}: activation, status and the Azure SDK clients are the shared harness's.
 */
final class ContainerPool implements PoolUnderTest {
    static final List<String> NODES = List.of("node-1", "node-2", "node-3");
    /**
     * The images' own heap settings (their Dockerfiles' JAVA_OPTS) plus the JVM options testkit's TestJvm gives
     * every test pool's processes (C1 only and the serial collector): these containers live a minute on two cores.
     */
    private static final String NODE_JAVA = "-Xms64m -Xmx384m " + String.join(" ", TestJvm.options());
    private static final String MANAGER_JAVA = "-Xms128m -Xmx768m " + String.join(" ", TestJvm.options());

    final ContainerBundle bundle;
    final String tag;
    final Network network = Network.newNetwork();
    final Map<String, GenericContainer<?>> nodes = new LinkedHashMap<>();
    GenericContainer<?> manager;
    private String url;
    private String token;
    private RestClient rest;

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
                .withEnv("JAVA_OPTS", MANAGER_JAVA)
                .withCreateContainerCmdModifier(c -> c.withHostName("manager")
                        .getHostConfig().withBinds(readOnly(bundle.managerDir(), "/etc/hsmpool/manager")))
                .withExposedPorts(8443)
                .waitingFor(Wait.forHttps("/q/health/ready").forPort(8443).allowInsecure()
                        .withStartupTimeout(Duration.ofSeconds(120)));
        manager.start();
        url = "https://localhost:" + manager.getMappedPort(8443);
        token = bundle.operatorToken();
        rest = rest(token);
        return this;
    }

    /** A node container on its own (new, empty) token volume. */
    GenericContainer<?> node(String name) {
        return new GenericContainer<>("hsmpool-node:" + tag).withNetwork(network).withNetworkAliases(name)
                .withEnv("HSMPOOL_NODE_NAME", name).withEnv("JAVA_OPTS", NODE_JAVA)
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

    @Override
    public String url() {
        return url;
    }

    @Override
    public Path caFile() {
        return bundle.caFile();
    }

    /** The operator of the bundle's tokens file: activation gives it the key roles. */
    @Override
    public String principal() {
        return ContainerBundle.OPERATOR;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public RestClient rest() {
        return rest;
    }

    JsonNode node(JsonNode status, String name) {
        return PoolUnderTest.node(status, name);
    }

    KeyClient keyClient() {
        return sdk().keyClient(SdkClients.credential(token));
    }

    /** A client that never caches the key: every operation goes to the pool. */
    CryptographyClient cryptographyClient(String keyId) {
        return sdk().cryptographyClient(keyId, SdkClients.credential(token));
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
