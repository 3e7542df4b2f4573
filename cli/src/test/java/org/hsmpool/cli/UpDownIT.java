package org.hsmpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.hsmpool.testkit.PoolTrust;
import org.hsmpool.testkit.UpPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code hsmpool up --demo} from the jar: a pool of real processes that answers the Key Vault API
 * over HTTPS with the CA and token it wrote, even when a node's port is taken by another process while
 * the node starts; a second {@code up} is refused while it runs; {@code hsmpool down} stops every process
 * it started.
 */
class UpDownIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void upStartsAnActivatedPoolThatSignsRestartsADeadManagerAndDownStopsIt() throws Exception {
        int port = JarProcess.freePorts(2);
        Path pool = dir.resolve("pool");
        UpPool started;
        int taken;
        // node-2's port is taken after up chose it, before the node binds it: node-2 starts again on another
        // port, and the manager, which was started with the first one, again with the new one
        try (TakenPort race = TakenPort.ofNodeWhenItStarts(pool, "node-2")) {
            started = UpPool.up(JarProcess.HOME, pool, "--demo", "--nodes", "2", "--port", String.valueOf(port));
            taken = race.port();
        }
        assertThat(started.output()).contains("all 2 nodes healthy").contains("pool Activated").contains("UNSAFE")
                .contains("node-2: port " + taken + " was taken by another process").contains("starting the manager again");
        JsonNode json = started.json();
        assertThat(json.at("/nodes/1/endpoint").asText()).as("pool.json has the port node-2 listens on")
                .startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:" + taken);
        assertThat(json.at("/nodes/1/managementPort").asInt()).isPositive();
        assertThat(json.at("/managers/0/managementPort").asInt()).isPositive();
        assertThat(json.get("state").asText()).isEqualTo("Activated");
        List<Long> pids = new ArrayList<>(List.of(json.get("managerPid").asLong()));
        json.get("nodes").forEach(n -> pids.add(n.get("pid").asLong()));
        try {
            assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(pool.resolve("tokens")))).isEqualTo("rw-------");

            String token = Files.readAllLines(pool.resolve("tokens")).stream().filter(l -> l.startsWith("operator "))
                    .findFirst().orElseThrow().split(" ")[1];
            HttpClient http = HttpClient.newBuilder().sslContext(PoolTrust.sslContext(pool.resolve("ca/ca.crt"))).build();
            HttpResponse<String> created = post(http, token, json.get("url").asText() + "/keys/demo/create",
                    "{\"kty\":\"EC-HSM\",\"crv\":\"P-256\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            String digest = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest("hello".getBytes()));
            HttpResponse<String> signed = post(http, token, json.get("url").asText() + "/keys/demo/sign",
                    "{\"alg\":\"ES256\",\"value\":\"" + digest + "\"}");
            assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);

            JarProcess.Ran again = JarProcess.java("up", "--dir", pool.toString(), "--port", String.valueOf(port));
            assertThat(again.exit()).isEqualTo(1);
            assertThat(again.output()).contains("already running");

            // the manager dies while its nodes run: up starts it again and keeps the nodes (issue 15)
            ProcessHandle manager = ProcessHandle.of(pids.get(0)).orElseThrow();
            manager.destroyForcibly();
            manager.onExit().get();
            String restarted = JarProcess.run("up", "--dir", pool.toString());
            assertThat(restarted).contains("node-1 still runs").contains("node-2 still runs")
                    .contains("all 2 nodes healthy");
            JsonNode after = started.json();
            assertThat(after.get("nodes").findValuesAsText("pid")).as("the same node processes")
                    .containsExactlyElementsOf(json.get("nodes").findValuesAsText("pid"));
            pids.add(after.get("managerPid").asLong());
            HttpResponse<String> signedAgain = post(http, token, json.get("url").asText() + "/keys/demo/sign",
                    "{\"alg\":\"ES256\",\"value\":\"" + digest + "\"}");
            assertThat(signedAgain.statusCode()).as(signedAgain.body()).isEqualTo(200);
        } finally {
            started.close();
        }
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d", pid).isFalse();
        }
    }

    private static HttpResponse<String> post(HttpClient http, String token, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + "?api-version=7.5"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
