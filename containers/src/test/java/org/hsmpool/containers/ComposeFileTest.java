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
 * provision` writes them) and the manager none, so no container reads another's PIN or TLS key.
 */
class ComposeFileTest {
    private static final Path FILE = Path.of(System.getProperty("hsmpool.home", "..")).resolve("deploy/compose/compose.yaml");

    @Test
    void eachNodeMountsOnlyItsOwnFilesAndTheManagerNoNodesFiles() throws IOException {
        JsonNode services = RenderedManifests.YAML.readTree(FILE.toFile()).path("services");
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
                assertThat(binds).as("files %s mounts", name).containsExactly("./pool/manager:/etc/hsmpool/manager:ro");
            }
        });
        assertThat(nodes).as("node services").hasSizeGreaterThanOrEqualTo(3);
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
