package org.hsmpool.pool.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 5, done-when 2: the official Azure SDK for JavaScript ({@code @azure/keyvault-keys}, pinned
 * with its lock file in {@code src/test/js/keyvault-smoke}) creates an EC P-256 and an RSA-2048 key
 * in an activated three-node pool, signs and verifies (ES256, RS256, PS256) in the pool and locally,
 * and reads the keys back; then the Java SDK finds the same keys and verifies the JavaScript run's
 * signatures. Skipped where {@code node} or {@code npm} is not on the PATH; a failing
 * {@code npm ci} fails the test (CI reaches the registry).
 */
class JsSdkSmokeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SOURCES = Path.of("src/test/js/keyvault-smoke");
    private static final Path WORK = Path.of("target/js-sdk-smoke");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", ".npmrc", "smoke.mjs");

    @Test
    void javascriptSdkCreatesKeysSignsAndVerifiesAgainstThePool() throws Exception {
        assumeTrue(onPath("node") && onPath("npm"),
                "node and npm are not on the PATH: the JavaScript SDK smoke test needs Node.js 20 or later");
        installSdk();

        SdkPool pool = SdkPool.shared();
        String name = SdkPool.uniqueName("js");
        ProcessBuilder node = new ProcessBuilder("node", "smoke.mjs").directory(WORK.toFile());
        node.environment().putAll(Map.of("HSMPOOL_URL", pool.vaultUrl, "HSMPOOL_TOKEN", SdkPool.TOKEN,
                "HSMPOOL_KEY_NAME", name,
                "NODE_EXTRA_CA_CERTS", pool.harness.pool.caFile().toAbsolutePath().toString()));
        Run run = Run.of(node, 120);
        String summaryLine = run.stdout.isEmpty() ? "{}" : run.stdout.get(run.stdout.size() - 1);
        assertThat(run.exitCode).as("node smoke.mjs exit code; summary:%n%s%nstderr:%n%s%nmanager log:%n%s",
                summaryLine, run.stderr(), pool.managerLog()).isZero();
        JsonNode summary = JSON.readTree(summaryLine);

        assertThat(summary.get("ok").asBoolean()).isTrue();
        assertThat(names(summary.get("keys"))).containsExactly(name + "-ec", name + "-rsa");
        assertThat(summary.get("signatures")).hasSize(3);
        for (JsonNode signature : summary.get("signatures")) {
            assertThat(signature.get("verifiedInPool").asBoolean()).isTrue();
            assertThat(signature.get("verifiedLocally").asBoolean()).isTrue();
            assertThat(signature.get("tamperedRejected").asBoolean()).isTrue();
        }
        assertTheChallengeWentAsDocumented(summary);
        assertTheJavaSdkSeesWhatTheJavaScriptSdkDid(pool, summary);
    }

    /**
     * Each client's first request goes without token and body and gets the 401 challenge; every
     * other exchange carries the token and succeeded; the token was asked for the challenge's scope.
     */
    private static void assertTheChallengeWentAsDocumented(JsonNode summary) {
        JsonNode wire = summary.get("wire");
        assertThat(wire.get(0).get("status").asInt()).isEqualTo(401);
        for (JsonNode exchange : wire) {
            boolean challenge = !exchange.get("authorization").asBoolean();
            if (challenge) {
                assertThat(exchange.get("status").asInt()).as("%s", exchange).isEqualTo(401);
                assertThat(exchange.get("requestBytes").asInt()).as("%s", exchange).isZero();
                assertThat(exchange.get("challenge").asText()).as("%s", exchange)
                        .contains("resource=\"https://managedhsm.azure.net\"");
            } else {
                assertThat(exchange.get("status").asInt()).as("%s", exchange).isBetween(200, 299);
            }
        }
        assertThat(summary.get("tokenRequests")).isNotEmpty();
        for (JsonNode asked : summary.get("tokenRequests")) {
            assertThat(asked.get("scopes").get(0).asText()).isEqualTo(SdkPool.SCOPE);
        }
    }

    /** The keys are in the pool for the Java SDK too, and the pool verifies the JavaScript run's signatures. */
    private static void assertTheJavaSdkSeesWhatTheJavaScriptSdkDid(SdkPool pool, JsonNode summary) {
        KeyClient keys = pool.keyClient();
        Base64.Decoder b64 = Base64.getUrlDecoder();
        for (JsonNode created : summary.get("keys")) {
            KeyVaultKey key = keys.getKey(created.get("name").asText());
            assertThat(key.getId()).isEqualTo(created.get("id").asText());
            assertThat(key.getKeyType().toString()).isEqualTo(created.get("kty").asText());
            boolean ec = key.getKeyType().toString().startsWith("EC");
            assertThat(ec ? key.getKey().getX() : key.getKey().getN())
                    .isEqualTo(b64.decode(created.get(ec ? "x" : "n").asText()));
        }
        for (JsonNode signature : summary.get("signatures")) {
            String id = keys.getKey(signature.get("key").asText()).getId();
            boolean valid = pool.cryptographyClient(id).verify(SignatureAlgorithm.fromString(signature.get("alg")
                    .asText()), b64.decode(signature.get("digest").asText()), b64.decode(signature.get("signature")
                    .asText())).isValid();
            assertThat(valid).as("Java SDK verifies the JavaScript run's %s signature", signature.get("alg")).isTrue();
        }
    }

    private static List<String> names(JsonNode keys) {
        List<String> names = new ArrayList<>();
        keys.forEach(key -> names.add(key.get("name").asText()));
        return names;
    }

    /** A fresh copy of the pinned package and {@code npm ci} into it (from the npm cache after the first run). */
    private static void installSdk() throws Exception {
        Files.createDirectories(WORK);
        for (String file : FILES) {
            Files.copy(SOURCES.resolve(file), WORK.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Run npm = Run.of(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline")
                .directory(WORK.toFile()), 600);
        assertThat(npm.exitCode).as("npm ci in %s:%n%s%n%s", WORK, String.join("\n", npm.stdout), npm.stderr())
                .isZero();
    }

    private static boolean onPath(String command) throws InterruptedException {
        try {
            return Run.of(new ProcessBuilder(command, "--version"), 30).exitCode == 0;
        } catch (IOException notFound) {
            return false;
        }
    }

    /** A child process run to its end (or killed at the deadline), its output passed on line by line. */
    private record Run(int exitCode, List<String> stdout, List<String> stderrLines) {
        static Run of(ProcessBuilder builder, long timeoutSeconds) throws IOException, InterruptedException {
            Process process = builder.start();
            String label = "[" + builder.command().get(0) + "] ";
            List<String> out = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<String> err = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread outPump = pump(process.getInputStream(), out, label);
            Thread errPump = pump(process.getErrorStream(), err, label);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(builder.command() + " did not finish within " + timeoutSeconds + " s; output:\n"
                        + String.join("\n", out) + "\n" + String.join("\n", err));
            }
            outPump.join(5000);
            errPump.join(5000);
            return new Run(process.exitValue(), List.copyOf(out), List.copyOf(err));
        }

        String stderr() {
            return String.join("\n", stderrLines);
        }

        private static Thread pump(InputStream stream, List<String> into, String label) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null;) {
                        into.add(line);
                        System.out.println(label + line);
                    }
                } catch (IOException closed) {
                    // the process ended
                }
            }, "pump " + label);
            t.setDaemon(true);
            t.start();
            return t;
        }
    }
}
