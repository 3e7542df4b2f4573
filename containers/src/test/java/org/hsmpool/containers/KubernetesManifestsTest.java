package org.hsmpool.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The invariants of deploy/kubernetes, read from its files (no kubectl needed): every pod runs
 * unprivileged with probes on the health endpoints, each node keeps its token on a volume of its own,
 * secrets come only from Secrets, only the manager reaches the nodes' gRPC port, and every node is its
 * own instance of {@code node/} with its own Secret; three managers on PostgreSQL behind one Service,
 * spread over Kubernetes nodes, rolled one at a time and kept two serving by a PodDisruptionBudget. {@link KubernetesSecretsTest} checks who can read
 * what on the rendered manifests.
 */
class KubernetesManifestsTest {
    private static final Path DIR = Path.of(System.getProperty("hsmpool.home", "..")).resolve("deploy/kubernetes");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(pin|password|passphrase|secret|token|key)$");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static List<JsonNode> objects;

    @BeforeAll
    static void parse() throws IOException {
        objects = new ArrayList<>();
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("kustomization.yaml")
                    && !DIR.relativize(p).startsWith("pool")).sorted().toList()) {
                try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(f.toFile())) {
                    while (docs.hasNext()) {
                        JsonNode doc = docs.next();
                        if (doc != null && !doc.isMissingNode() && !doc.isNull() && doc.size() > 0) {
                            objects.add(doc);
                        }
                    }
                }
            }
        }
        assertThat(objects).as("objects in %s", DIR).isNotEmpty();
    }

    private static JsonNode one(String kind, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind) && o.at("/metadata/name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + DIR));
    }

    private static JsonNode podSpec(String kind, String name) {
        return one(kind, name).at("/spec/template/spec");
    }

    private static JsonNode container(JsonNode podSpec) {
        assertThat(podSpec.path("containers")).as("containers").hasSize(1);
        return podSpec.path("containers").get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"StatefulSet/hsmpool-node", "StatefulSet/hsmpool-manager"})
    void podsRunAsAnUnprivilegedUserWithAReadOnlyRoot(String workload) {
        String[] kn = workload.split("/");
        JsonNode pod = podSpec(kn[0], kn[1]);
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as("runAsNonRoot").isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).as("runAsUser").isEqualTo(10001);
        assertThat(pod.at("/securityContext/fsGroup").asInt()).as("fsGroup (Secret files readable)").isEqualTo(10001);
        assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as("automountServiceAccountToken").isFalse();
        JsonNode c = container(pod);
        assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(c.at("/securityContext/capabilities/drop").toString()).contains("\"ALL\"");
        assertThat(c.at("/securityContext/privileged").asBoolean(false)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"StatefulSet/hsmpool-node", "StatefulSet/hsmpool-manager"})
    void probesAskTheHealthEndpoints(String workload) {
        String[] kn = workload.split("/");
        JsonNode c = container(podSpec(kn[0], kn[1]));
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        if (kn[1].equals("hsmpool-manager")) {
            assertThat(c.at("/readinessProbe/httpGet/scheme").asText()).as("the manager speaks HTTPS only").isEqualTo("HTTPS");
        } else {
            assertThat(c.at("/readinessProbe/httpGet/port").asText()).as("the node's plain-HTTP management port")
                    .isEqualTo("management");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"StatefulSet/hsmpool-node", "StatefulSet/hsmpool-manager"})
    void secretsComeFromSecretVolumesNeverFromInlineValues(String workload) {
        String[] kn = workload.split("/");
        JsonNode pod = podSpec(kn[0], kn[1]);
        for (JsonNode env : container(pod).path("env")) {
            if (SECRET_NAME.matcher(env.path("name").asText()).matches()) {
                assertThat(env.has("value")).as("env %s carries a secret inline", env.path("name").asText()).isFalse();
            }
        }
        JsonNode identity = volume(pod, "identity");
        assertThat(identity.at("/secret/secretName").asText()).as("identity volume").isNotEmpty();
        assertThat(identity.at("/secret/defaultMode").asInt()).as("mode of the secret files").isLessThanOrEqualTo(0440);
    }

    @Test
    void everyNodeKeepsItsTokenOnAVolumeClaimOfItsOwn() {
        JsonNode sts = one("StatefulSet", "hsmpool-node");
        JsonNode claims = sts.at("/spec/volumeClaimTemplates");
        assertThat(claims).hasSize(1);
        assertThat(sts.at("/spec/replicas").asInt()).as("one node per StatefulSet").isEqualTo(1);
        String claim = claims.get(0).at("/metadata/name").asText();
        JsonNode mount = mount(container(sts.at("/spec/template/spec")), claim);
        assertThat(mount.path("mountPath").asText()).isEqualTo("/var/lib/hsmpool");
        assertThat(sts.at("/spec/serviceName").asText()).isEqualTo("hsmpool-node");
        assertThat(one("Service", "hsmpool-node").at("/spec/clusterIP").asText()).as("a headless Service").isEqualTo("None");
    }

    /**
     * Issue 15: three managers serve at once on PostgreSQL, updated one at a time; no store volume (a
     * SQLite file would be one replica's), each its own claim for its own audit file, named after the pod.
     */
    @Test
    void threeManagersOnPostgresqlRollOneAtATimeEachWithItsOwnAuditFile() {
        JsonNode sts = one("StatefulSet", "hsmpool-manager");
        JsonNode pod = sts.at("/spec/template/spec");
        assertThat(sts.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(sts.at("/spec/updateStrategy/type").asText()).isEqualTo("RollingUpdate");
        assertThat(sts.at("/spec/updateStrategy/rollingUpdate/maxUnavailable").asInt(1)).isEqualTo(1);
        assertThat(sts.at("/spec/podManagementPolicy").asText()).as("replicas start together").isEqualTo("Parallel");
        for (JsonNode v : pod.path("volumes")) {
            assertThat(v.has("persistentVolumeClaim")).as("volume %s: no shared store volume", v.path("name").asText()).isFalse();
        }
        JsonNode claims = sts.at("/spec/volumeClaimTemplates");
        assertThat(claims).hasSize(1);
        JsonNode c = container(pod);
        assertThat(mount(c, claims.get(0).at("/metadata/name").asText()).path("mountPath").asText()).isEqualTo("/var/lib/hsmpool");
        assertThat(env(c, "HSMPOOL_POOL_AUDIT_FILE").path("value").asText()).as("one audit file per manager")
                .isEqualTo("/var/lib/hsmpool/$(POD_NAME)-audit.jsonl");
        assertThat(env(c, "POD_NAME").at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.name");
        JsonNode database = volume(pod, "database");
        assertThat(mount(c, "database").path("mountPath").asText()).isEqualTo("/etc/hsmpool/database");
        assertThat(mount(c, "database").path("readOnly").asBoolean()).isTrue();
        assertThat(database.at("/secret/defaultMode").asInt()).isLessThanOrEqualTo(0440);
        JsonNode service = one("Service", sts.at("/spec/serviceName").asText());
        assertThat(service.at("/spec/clusterIP").asText()).as("the governing Service is headless").isEqualTo("None");
    }

    @Test
    void theServiceSendsClientsToEveryReadyManager() {
        JsonNode labels = one("StatefulSet", "hsmpool-manager").at("/spec/template/metadata/labels");
        JsonNode service = one("Service", "hsmpool-manager");
        assertThat(service.at("/spec/clusterIP").asText()).as("a load-balancing Service, not headless").isNotEqualTo("None");
        assertThat(service.at("/spec/selector").size()).isPositive();
        assertThat(selects(service.at("/spec/selector"), labels)).as("it selects the manager pods").isTrue();
        assertThat(service.at("/spec/selector").has("statefulset.kubernetes.io/pod-name")).as("not one pod").isFalse();
        assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("https");
        JsonNode ready = container(one("StatefulSet", "hsmpool-manager").at("/spec/template/spec")).path("readinessProbe");
        assertThat(ready.at("/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(ready.path("periodSeconds").asInt(10) * ready.path("failureThreshold").asInt(3))
                .as("seconds until a manager that stops being ready gets no new connections").isLessThanOrEqualTo(5);
    }

    @Test
    void aDisruptionBudgetKeepsTwoManagersServing() {
        JsonNode labels = one("StatefulSet", "hsmpool-manager").at("/spec/template/metadata/labels");
        List<JsonNode> budgets = objects.stream().filter(o -> o.path("kind").asText().equals("PodDisruptionBudget"))
                .filter(b -> selects(b.at("/spec/selector/matchLabels"), labels)).toList();
        assertThat(budgets).as("PodDisruptionBudgets of the manager pods").hasSize(1);
        JsonNode spec = budgets.get(0).path("spec");
        assertThat(budgets.get(0).path("apiVersion").asText()).isEqualTo("policy/v1");
        if (spec.has("maxUnavailable")) {
            assertThat(spec.path("maxUnavailable").asInt()).isEqualTo(1);
        } else {
            assertThat(spec.path("minAvailable").asInt()).isEqualTo(2);
        }
    }

    @Test
    void managersAreSpreadOverKubernetesNodes() {
        JsonNode pod = podSpec("StatefulSet", "hsmpool-manager");
        JsonNode labels = one("StatefulSet", "hsmpool-manager").at("/spec/template/metadata/labels");
        List<JsonNode> terms = new ArrayList<>();
        pod.at("/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution").forEach(terms::add);
        pod.at("/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution")
                .forEach(t -> terms.add(t.path("podAffinityTerm")));
        assertThat(terms).as("pod anti-affinity terms")
                .anyMatch(t -> t.path("topologyKey").asText().equals("kubernetes.io/hostname")
                        && selects(t.at("/labelSelector/matchLabels"), labels));
    }

    /**
     * No password, PIN or key as a literal anywhere: Secrets are generated from provisioned files (the
     * base node Secret is empty), the database password among them; the managers get only its path.
     */
    @Test
    void noSecretValueIsWrittenInAManifest() throws IOException {
        for (JsonNode o : objects) {
            if (o.path("kind").asText().equals("Secret")) {
                assertThat(o.path("data").size() + o.path("stringData").size()).as("Secret %s", o.at("/metadata/name").asText())
                        .isZero();
            }
        }
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && !DIR.relativize(p).startsWith("pool")).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContainPattern("(?i)password\\s*[=:]\\s*\\S")
                        .doesNotContainPattern("(?i)jdbc:postgresql://[^\\s]*password");
            }
        }
        JsonNode k = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
        List<String> database = new ArrayList<>();
        k.path("secretGenerator").forEach(g -> {
            if (g.path("name").asText().equals(volume(podSpec("StatefulSet", "hsmpool-manager"), "database")
                    .at("/secret/secretName").asText())) {
                g.path("files").forEach(f -> database.add(f.asText()));
            }
        });
        assertThat(database).as("the database Secret's files").containsExactly("pool/database/password");
    }

    @Test
    void onlyTheManagerReachesTheNodesAndOnlyTheirGrpcPort() {
        JsonNode nodeLabels = one("StatefulSet", "hsmpool-node").at("/spec/template/metadata/labels");
        JsonNode managerLabels = one("StatefulSet", "hsmpool-manager").at("/spec/template/metadata/labels");
        int grpc = port(container(podSpec("StatefulSet", "hsmpool-node")), "grpc");

        List<JsonNode> policies = objects.stream().filter(o -> o.path("kind").asText().equals("NetworkPolicy"))
                .filter(p -> selects(p.at("/spec/podSelector/matchLabels"), nodeLabels)).toList();
        assertThat(policies).as("NetworkPolicies selecting the node pods").hasSize(1);
        JsonNode policy = policies.get(0);
        assertThat(policy.at("/spec/policyTypes").toString()).contains("\"Ingress\"");
        JsonNode ingress = policy.at("/spec/ingress");
        assertThat(ingress).as("ingress rules").hasSize(1);
        JsonNode from = ingress.get(0).path("from");
        assertThat(from).hasSize(1);
        assertThat(from.get(0).has("ipBlock") || from.get(0).has("namespaceSelector")).isFalse();
        assertThat(selects(from.get(0).at("/podSelector/matchLabels"), managerLabels)).as("the manager is allowed").isTrue();
        assertThat(selects(from.get(0).at("/podSelector/matchLabels"), nodeLabels)).as("nodes are not").isFalse();
        JsonNode ports = ingress.get(0).path("ports");
        assertThat(ports).hasSize(1);
        assertThat(ports.get(0).path("port").asInt()).isEqualTo(grpc);
    }

    @Test
    void theKustomizationMakesEverySecretThePodsMount() throws IOException {
        JsonNode k = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
        Map<String, JsonNode> generators = new HashMap<>();
        k.path("secretGenerator").forEach(s -> generators.put(s.path("name").asText(), s));
        for (String v : List.of("identity", "database")) {
            assertThat(generators).containsKey(volume(podSpec("StatefulSet", "hsmpool-manager"), v)
                    .at("/secret/secretName").asText());
        }
        List<String> resources = new ArrayList<>();
        k.path("resources").forEach(r -> resources.add(r.asText()));
        List<String> expected = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR); Stream<Path> nodes = Files.list(DIR.resolve("nodes"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .forEach(expected::add);
            nodes.map(p -> "nodes/" + p.getFileName()).forEach(expected::add);
        }
        assertThat(resources).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(resources.stream().filter(r -> r.startsWith("nodes/"))).as("nodes").hasSizeGreaterThanOrEqualTo(3);

        // the node base mounts the Secret it defines, so an instance's name suffix renames both
        String base = one("StatefulSet", "hsmpool-node").at("/metadata/name").asText();
        assertThat(volume(podSpec("StatefulSet", base), "identity").at("/secret/secretName").asText()).isEqualTo(base);
        assertThat(one("Secret", base).path("data").size()).as("the base Secret is empty: filled per node").isZero();
        for (String resource : resources.stream().filter(r -> r.startsWith("nodes/")).toList()) {
            String node = resource.substring("nodes/".length());
            JsonNode instance = YAML.readTree(DIR.resolve(resource).resolve("kustomization.yaml").toFile());
            assertThat(instance.path("resources").toString()).as(node).isEqualTo("[\"../../node\"]");
            assertThat(base + instance.path("nameSuffix").asText()).as("%s's objects are named after it", node).isEqualTo(node);
            JsonNode labels = instance.at("/labels/0");
            assertThat(labels.at("/pairs/app.kubernetes.io~1instance").asText()).as("%s's instance label", node).isEqualTo(node);
            assertThat(labels.path("includeSelectors").asBoolean()).as("%s's selectors take only its pod", node).isTrue();
            JsonNode generator = generators.get(node);
            assertThat(generator).as("a Secret generated for %s", node).isNotNull();
            assertThat(generator.path("behavior").asText()).isEqualTo("replace");
            List<String> files = new ArrayList<>();
            generator.path("files").forEach(f -> files.add(f.asText()));
            assertThat(files).as("%s's Secret holds its own files only", node).containsExactlyInAnyOrderElementsOf(
                    Stream.of("ca.crt", "node.crt", "node.key", "user.pin", "so.pin").map(f -> "pool/nodes/" + node + "/" + f)
                            .toList());
        }
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.size() == 0) {
            return true;
        }
        var it = selector.properties().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no env " + name);
    }

    private static JsonNode mount(JsonNode container, String name) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("name").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no volumeMount " + name);
    }

    private static int port(JsonNode container, String name) {
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no port " + name);
    }
}
