package org.hsmpool.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.hsmpool.nodeapi.provision.ContainerBundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * deploy/kubernetes as {@code kubectl apply -k} would apply it: the directory copied, a pool
 * provisioned into its {@code pool/} by {@link ContainerBundle} (what {@code hsmpool provision} runs)
 * for the nodes the kustomization lists, and the whole rendered offline by {@code kubectl kustomize}.
 */
record RenderedManifests(Path dir, ContainerBundle pool, List<String> nodes, List<JsonNode> objects) {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Null when no kubectl runs here (the reason is then in {@code why[0]}). */
    static RenderedManifests render(Path source, Path work, String[] why) throws IOException, InterruptedException {
        if (!kubectlRuns()) {
            why[0] = "no kubectl on PATH, so the rendered-manifest tests are SKIPPED (kubectl kustomize renders"
                    + " deploy/kubernetes offline; any kubectl >= 1.27 will do)";
            return null;
        }
        Path dir = work.resolve("kubernetes");
        copy(source, dir);
        List<String> nodes = new ArrayList<>();
        for (JsonNode r : YAML.readTree(dir.resolve("kustomization.yaml").toFile()).path("resources")) {
            if (r.asText().startsWith("nodes/")) {
                nodes.add(r.asText().substring("nodes/".length()));
            }
        }
        // as in the kustomization's comment: each node reached by its own Service's name
        // and three managers on a PostgreSQL of the operator's, as `hsmpool provision --managers 3 --database-url` writes it
        ContainerBundle pool = new ContainerBundle(dir.resolve("pool")).write(nodes.stream()
                .map(n -> new ContainerBundle.Node(n, List.of(n))).toList(), List.of("hsmpool-manager", "localhost"), -1,
                new ContainerBundle.Database("jdbc:postgresql://db.example:5432/hsmpool", "hsmpool"));
        Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectError(
                ProcessBuilder.Redirect.to(work.resolve("kustomize.err").toFile())).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize failed: " + Files.readString(work.resolve("kustomize.err")));
        }
        List<JsonNode> objects = new ArrayList<>();
        try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(out)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && doc.size() > 0) {
                    objects.add(doc);
                }
            }
        }
        return new RenderedManifests(dir, pool, List.copyOf(nodes), List.copyOf(objects));
    }

    private static boolean kubectlRuns() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException notInstalled) {
            return false;
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path rel = from.relativize(f);
                if (rel.startsWith("pool")) {
                    continue; // a developer's own provisioned pool, never ours to read
                }
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to.resolve(rel.toString()));
                } else {
                    Files.copy(f, to.resolve(rel.toString()));
                }
            }
        }
    }

    List<JsonNode> all(String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    JsonNode one(String kind, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind) && o.at("/metadata/name").asText()
                .equals(name)).findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    /** The decoded data of a Secret, by key. */
    static Map<String, byte[]> data(JsonNode secret) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        // long values come folded over lines
        secret.path("data").properties().forEach(e -> out.put(e.getKey(), Base64.getMimeDecoder().decode(e.getValue().asText())));
        secret.path("stringData").properties().forEach(e -> out.put(e.getKey(),
                e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    /** Every Secret a pod can read: secret and projected volumes, env and envFrom, of every container. */
    static Set<String> secretsOf(JsonNode pod) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode v : pod.path("volumes")) {
            if (v.has("secret")) {
                names.add(v.at("/secret/secretName").asText());
            }
            for (JsonNode source : v.at("/projected/sources")) {
                if (source.has("secret")) {
                    names.add(source.at("/secret/name").asText());
                }
            }
        }
        for (String list : List.of("containers", "initContainers", "ephemeralContainers")) {
            for (JsonNode c : pod.path(list)) {
                c.path("env").forEach(e -> {
                    if (e.at("/valueFrom/secretKeyRef").isObject()) {
                        names.add(e.at("/valueFrom/secretKeyRef/name").asText());
                    }
                });
                c.path("envFrom").forEach(e -> {
                    if (e.has("secretRef")) {
                        names.add(e.at("/secretRef/name").asText());
                    }
                });
            }
        }
        return names;
    }

    /** Whether {@code labels} carries every pair of {@code selector}. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        var it = selector.properties().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
                return false;
            }
        }
        return selector.size() > 0;
    }

    /** A provisioned file of a node: what its Secret must hold and no other may. */
    byte[] nodeFile(String node, String file) throws IOException {
        return Files.readAllBytes(pool.nodeDir(node).resolve(file));
    }
}
