package org.hsmpool.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 14 item 8 in Kubernetes, on the manifests as rendered for a provisioned pool: each node pod
 * can read its own PIN and TLS key and no other node's, the manager none, and every Secret holds one
 * node's material at most. Contents are compared byte for byte with the provisioned files, so a Secret
 * that carried another node's PIN under any key name would be found.
 */
class KubernetesSecretsTest {
    private static final Path SOURCE = Path.of(System.getProperty("hsmpool.home", "..")).resolve("deploy/kubernetes");
    /** A node's secrets: what no one else may read. (ca.crt and node.crt are public.) */
    private static final List<String> SECRET_FILES = List.of("node.key", "user.pin", "so.pin");
    private static final Set<String> NODE_FILES = Set.of("ca.crt", "node.crt", "node.key", "user.pin", "so.pin");

    @TempDir
    static Path work;
    private static RenderedManifests k8s;

    @BeforeAll
    static void render() throws Exception {
        String[] why = new String[1];
        k8s = RenderedManifests.render(SOURCE, work, why);
        if (k8s == null) {
            System.err.println("KubernetesSecretsTest: " + why[0]);
        }
        Assumptions.assumeTrue(k8s != null, () -> why[0]);
        assertThat(k8s.nodes()).as("nodes the kustomization lists").hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void everyNodeIsAStatefulSetOfOnePodWithItsOwnNameTokenVolumeAndService() {
        for (String node : k8s.nodes()) {
            JsonNode sts = k8s.one("StatefulSet", node);
            JsonNode template = sts.at("/spec/template");
            assertThat(sts.at("/spec/replicas").asInt()).as(node).isEqualTo(1);
            assertThat(nodeNameOf(template)).as("the name %s's pod runs as", node).isEqualTo(node);
            assertThat(sts.at("/spec/volumeClaimTemplates")).as("its own token volume").hasSize(1);
            for (JsonNode other : k8s.all("StatefulSet")) {
                boolean self = other.at("/metadata/name").asText().equals(node);
                assertThat(RenderedManifests.selects(sts.at("/spec/selector/matchLabels"), other.at("/spec/template/metadata/labels")))
                        .as("%s's selector takes the pods of %s", node, other.at("/metadata/name").asText()).isEqualTo(self);
            }
            JsonNode service = k8s.one("Service", sts.at("/spec/serviceName").asText());
            assertThat(service.at("/spec/clusterIP").asText()).as("headless").isEqualTo("None");
            assertThat(selectedStatefulSets(service)).as("pods of Service %s", service.at("/metadata/name").asText())
                    .containsExactly(node);
        }
    }

    /** (a) */
    @Test
    void noNodePodMountsAnotherNodesPinOrKey() throws IOException {
        for (String node : k8s.nodes()) {
            JsonNode pod = k8s.one("StatefulSet", node).at("/spec/template/spec");
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true))
                    .as("%s gets no API token (it could read Secrets through the API)", node).isFalse();
            Set<String> secrets = RenderedManifests.secretsOf(pod);
            assertThat(secrets).as("Secrets %s's pod reads", node).containsExactly(node);
            Map<String, byte[]> data = RenderedManifests.data(k8s.one("Secret", node));
            for (String file : NODE_FILES) {
                assertThat(data.get(file)).as("%s's own %s", node, file).isEqualTo(k8s.nodeFile(node, file));
            }
            for (String other : k8s.nodes()) {
                if (!other.equals(node)) {
                    assertThat(holders(other, List.of(data))).as("%s's pod reads %s's secrets", node, other).isEmpty();
                }
            }
        }
    }

    /** (b) */
    @Test
    void theManagerMountsNoNodePinOrKey() throws IOException {
        List<JsonNode> managers = managers();
        assertThat(managers).isNotEmpty();
        for (JsonNode deployment : managers) {
            JsonNode pod = deployment.at("/spec/template/spec");
            List<Map<String, byte[]>> readable = new ArrayList<>();
            for (String secret : RenderedManifests.secretsOf(pod)) {
                Map<String, byte[]> data = RenderedManifests.data(k8s.one("Secret", secret));
                assertThat(data.keySet()).as("files of Secret %s", secret).doesNotContainAnyElementsOf(SECRET_FILES);
                readable.add(data);
            }
            assertThat(readable).as("the manager's identity Secret").isNotEmpty();
            for (String node : k8s.nodes()) {
                assertThat(holders(node, readable)).as("%s reads %s's secrets", deployment.at("/metadata/name").asText(),
                        node).isEmpty();
            }
        }
    }

    /** (c) */
    @Test
    void eachSecretHoldsOneNodesMaterialOnly() throws IOException {
        List<JsonNode> secrets = k8s.all("Secret");
        for (JsonNode secret : secrets) {
            String name = secret.at("/metadata/name").asText();
            List<String> owners = new ArrayList<>();
            for (String node : k8s.nodes()) {
                if (!holders(node, List.of(RenderedManifests.data(secret))).isEmpty()) {
                    owners.add(node);
                }
            }
            assertThat(owners).as("nodes whose PIN or key Secret %s holds", name).hasSizeLessThanOrEqualTo(1);
            if (owners.size() == 1) {
                assertThat(RenderedManifests.data(secret).keySet()).as(name).isEqualTo(NODE_FILES);
            }
        }
        for (String node : k8s.nodes()) {
            long holding = secrets.stream().filter(s -> {
                try {
                    return holders(node, List.of(RenderedManifests.data(s))).size() == SECRET_FILES.size();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).count();
            assertThat(holding).as("Secrets holding %s's PINs and key", node).isEqualTo(1);
        }
    }

    @Test
    void theManagerReachesEachNodeByAServiceThatSelectsOnlyThatNode() throws IOException {
        Properties props = managerProperties();
        for (String node : k8s.nodes()) {
            String endpoint = props.getProperty("hsmpool.pool.nodes." + node);
            assertThat(endpoint).as("%s in manager.properties", node).endsWith(":9443");
            JsonNode service = k8s.one("Service", endpoint.substring(0, endpoint.indexOf(':')));
            assertThat(selectedStatefulSets(service)).containsExactly(node);
        }
    }

    /**
     * The managers' PostgreSQL: its URL and user in manager.properties (no password there), its password
     * in one Secret of its own, byte for byte the provisioned file, which only the manager pods read.
     */
    @Test
    void theDatabasePasswordIsInOneSecretThatOnlyTheManagersRead() throws IOException {
        Properties props = managerProperties();
        assertThat(props.getProperty("hsmpool.pool.database.url")).startsWith("jdbc:postgresql://").doesNotContain("password");
        assertThat(props.getProperty("hsmpool.pool.database.password-file")).isEqualTo("/etc/hsmpool/database/password");
        byte[] password = Files.readAllBytes(k8s.pool().databaseDir().resolve("password"));
        String text = new String(password, StandardCharsets.ISO_8859_1).trim();
        List<String> holding = k8s.all("Secret").stream().filter(secret -> RenderedManifests.data(secret).values().stream()
                .anyMatch(v -> new String(v, StandardCharsets.ISO_8859_1).contains(text)))
                .map(secret -> secret.at("/metadata/name").asText()).toList();
        assertThat(holding).as("Secrets holding the database password").hasSize(1);
        assertThat(RenderedManifests.data(k8s.one("Secret", holding.get(0)))).containsOnlyKeys("password");
        assertThat(RenderedManifests.data(k8s.one("Secret", holding.get(0))).get("password")).isEqualTo(password);
        for (JsonNode workload : k8s.all("StatefulSet")) {
            boolean manager = managers().contains(workload);
            assertThat(RenderedManifests.secretsOf(workload.at("/spec/template/spec")).contains(holding.get(0)))
                    .as("%s reads the database password", workload.at("/metadata/name").asText()).isEqualTo(manager);
        }
    }

    // ------------------------------------------------------------------------------------------

    /** The manager workloads: the pods of the manager component. */
    private static List<JsonNode> managers() {
        return java.util.stream.Stream.of("StatefulSet", "Deployment").flatMap(kind -> k8s.all(kind).stream())
                .filter(w -> w.at("/spec/template/metadata/labels/app.kubernetes.io~1component").asText().equals("manager"))
                .toList();
    }

    /** manager.properties as the manager pods read it from their Secret. */
    private static Properties managerProperties() throws IOException {
        assertThat(managers()).as("manager workloads").hasSize(1);
        for (String secret : RenderedManifests.secretsOf(managers().get(0).at("/spec/template/spec"))) {
            byte[] file = RenderedManifests.data(k8s.one("Secret", secret)).get("manager.properties");
            if (file != null) {
                Properties props = new Properties();
                props.load(new java.io.StringReader(new String(file, StandardCharsets.UTF_8)));
                return props;
            }
        }
        throw new AssertionError("no Secret of the manager pods holds manager.properties");
    }

    /** Which of {@code node}'s secret files appear (byte for byte, under any key) in any of {@code data}. */
    private static List<String> holders(String node, List<Map<String, byte[]>> data) throws IOException {
        List<String> found = new ArrayList<>();
        for (String file : SECRET_FILES) {
            String secret = new String(k8s.nodeFile(node, file), StandardCharsets.ISO_8859_1).trim();
            for (Map<String, byte[]> d : data) {
                if (d.values().stream().anyMatch(v -> new String(v, StandardCharsets.ISO_8859_1).contains(secret))) {
                    found.add(file);
                    break;
                }
            }
        }
        return found;
    }

    private static List<String> selectedStatefulSets(JsonNode service) {
        return k8s.all("StatefulSet").stream()
                .filter(s -> RenderedManifests.selects(service.at("/spec/selector"), s.at("/spec/template/metadata/labels")))
                .map(s -> s.at("/metadata/name").asText()).toList();
    }

    /** HSMPOOL_NODE_NAME as the pod gets it: a value, or the downward API's label of the pod template. */
    private static String nodeNameOf(JsonNode template) {
        for (JsonNode e : template.at("/spec/containers/0/env")) {
            if (e.path("name").asText().equals("HSMPOOL_NODE_NAME")) {
                if (e.has("value")) {
                    return e.path("value").asText();
                }
                String path = e.at("/valueFrom/fieldRef/fieldPath").asText();
                if (path.startsWith("metadata.labels['") && path.endsWith("']")) {
                    return template.at("/metadata/labels").path(path.substring(17, path.length() - 2)).asText();
                }
                return "(" + path + ")";
            }
        }
        return "(no HSMPOOL_NODE_NAME)";
    }
}
