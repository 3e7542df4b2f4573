package org.hsmpool.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 14 item 8 with compose: each node container has its own files (nodes/NAME/, as `hsmpool
 * provision` writes them) and the managers none, so no container reads another's PIN or TLS key; and
 * the issue 15 shape of three managers on PostgreSQL behind HAProxy.
 */
class ComposeFileTest {
    private static final Path FILE = Path.of(System.getProperty("hsmpool.home", "..")).resolve("deploy/compose/compose.yaml");

    @Test
    void eachNodeMountsOnlyItsOwnFilesAndTheManagerNoNodesFiles() throws IOException {
        JsonNode services = services();
        List<String> nodes = new ArrayList<>();
        services.properties().forEach(e -> {
            String name = e.getKey();
            List<String> binds = binds(e.getValue());
            if (e.getValue().at("/environment/HSMPOOL_NODE_NAME").isTextual()
                    || e.getValue().path("image").asText().startsWith("hsmpool-node")) {
                nodes.add(name);
                assertThat(e.getValue().at("/environment/HSMPOOL_NODE_NAME").asText()).as(name).isEqualTo(name);
                assertThat(binds).as("files %s mounts", name).containsExactly("./pool/nodes/" + name + ":/etc/hsmpool/node:ro");
            } else {
                assertThat(binds).as("files %s mounts", name).noneMatch(b -> b.startsWith("./pool/nodes"))
                        .noneMatch(b -> b.startsWith("./pool/ca")).allMatch(b -> b.endsWith(":ro"));
            }
        });
        assertThat(nodes).as("node services").hasSizeGreaterThanOrEqualTo(3);
    }

    /**
     * Issue 15: three managers on one PostgreSQL behind HAProxy. Each manager mounts its identity and the
     * database password and keeps its own audit file on its own volume; only PostgreSQL and the managers
     * read the password; PostgreSQL and the nodes sit on internal networks; HAProxy is the only service
     * clients reach, on localhost, with the configuration `hsmpool provision --managers 3` writes.
     */
    @Test
    void threeManagersShareOnePostgresqlBehindOneLoadBalancer() throws IOException {
        JsonNode root = RenderedManifests.YAML.readTree(FILE.toFile());
        JsonNode services = root.path("services");
        List<String> managers = new ArrayList<>();
        List<String> auditFiles = new ArrayList<>();
        services.properties().forEach(e -> {
            if (e.getKey().startsWith("manager")) {
                managers.add(e.getKey());
                assertThat(binds(e.getValue())).as("files %s mounts", e.getKey()).containsExactlyInAnyOrder(
                        "./pool/manager:/etc/hsmpool/manager:ro", "./pool/database:/etc/hsmpool/database:ro");
                assertThat(volumes(e.getValue())).as("%s's own volume", e.getKey()).containsExactly(e.getKey() + ":/var/lib/hsmpool");
                auditFiles.add(e.getValue().at("/environment/HSMPOOL_POOL_AUDIT_FILE").asText());
                assertThat(e.getValue().path("ports").size()).as("%s publishes no port: clients go through HAProxy",
                        e.getKey()).isZero();
            }
        });
        assertThat(managers).containsExactly("manager-1", "manager-2", "manager-3");
        assertThat(auditFiles).containsExactly("/var/lib/hsmpool/manager-1-audit.jsonl",
                "/var/lib/hsmpool/manager-2-audit.jsonl", "/var/lib/hsmpool/manager-3-audit.jsonl");

        JsonNode postgres = services.path("postgres");
        assertThat(binds(postgres)).containsExactly("./pool/database:/etc/hsmpool/database:ro");
        assertThat(postgres.path("networks").toString()).isEqualTo("[\"database\"]");
        assertThat(root.at("/networks/database/internal").asBoolean()).as("the database network is internal").isTrue();
        assertThat(root.at("/networks/nodes/internal").asBoolean()).as("the nodes' network is internal").isTrue();
        assertThat(postgres.at("/healthcheck/test").toString()).contains("pg_isready");

        List<String> readers = new ArrayList<>();
        services.properties().forEach(e -> {
            if (binds(e.getValue()).stream().anyMatch(b -> b.startsWith("./pool/database:"))) {
                readers.add(e.getKey());
            }
        });
        assertThat(readers).as("services that read the database password")
                .containsExactlyInAnyOrder("postgres", "manager-1", "manager-2", "manager-3");

        JsonNode haproxy = services.path("haproxy");
        assertThat(binds(haproxy)).containsExactly("./pool/haproxy:/etc/hsmpool/haproxy:ro");
        assertThat(haproxy.path("networks").toString()).isEqualTo("[\"front\"]");
        List<String> published = new ArrayList<>();
        services.properties().forEach(e -> e.getValue().path("ports").forEach(p -> published.add(e.getKey() + " " + p.asText())));
        assertThat(published).as("published ports").containsExactly("haproxy 127.0.0.1:${HSMPOOL_PORT:-8443}:8443");
        for (String m : managers) {
            assertThat(services.at("/" + m + "/hostname").asText()).as("%s is reached by its name", m).isEqualTo(m);
        }
    }

    private static JsonNode services() throws IOException {
        return RenderedManifests.YAML.readTree(FILE.toFile()).path("services");
    }

    /** Named volumes of a service. */
    private static List<String> volumes(JsonNode service) {
        List<String> named = new ArrayList<>();
        service.path("volumes").forEach(v -> {
            if (!v.asText().startsWith(".") && !v.asText().startsWith("/")) {
                named.add(v.asText());
            }
        });
        return named;
    }

    /** Bind mounts (host paths) of a service; named volumes are the container's own. */
    private static List<String> binds(JsonNode service) {
        List<String> binds = new ArrayList<>();
        service.path("volumes").forEach(v -> {
            if (v.asText().startsWith(".") || v.asText().startsWith("/")) {
                binds.add(v.asText());
            }
        });
        return binds;
    }
}
