package org.hsmpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.hsmpool.testkit.PoolTrust;
import org.hsmpool.testkit.UpPool;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import reactor.core.publisher.Mono;

/**
 * Issue 15, done-when 1 (the short CI case): {@code hsmpool up --managers 3} starts the pool's
 * PostgreSQL server, three managers and HAProxy in front of them. Official Azure SDK clients with
 * their default retry policy sign and create keys through the one URL; {@code kill -9} of one manager
 * under that load fails no call; every key acknowledged before, during and after is present and signs;
 * {@code hsmpool up} starts the killed manager again and it serves; {@code hsmpool status} lists the
 * managers; {@code hsmpool down} stops every process, the PostgreSQL server too.
 */
class ManagersIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LOAD_BEFORE = Duration.ofSeconds(5);
    /** Load after the kill: 10 s in CI; {@code -Dhsmpool.test.managers-load-seconds=60} for the 60 s run. */
    private static final Duration LOAD_AFTER = Duration.ofSeconds(Long.getLong("hsmpool.test.managers-load-seconds", 10));
    /**
     * The managers seal after 1000 records only, never on the 60 s timer: a seal made while the audit
     * check copies the files would be a seal the copies lack.
     */
    private static final Map<String, String> SEAL_BY_COUNT = Map.of("HSMPOOL_MANAGER_JAVA_OPTIONS",
            (System.getenv().getOrDefault("HSMPOOL_MANAGER_JAVA_OPTIONS", "") // the test archive (cli's pom)
                    + " -Dhsmpool.pool.audit.seal-interval=1h").strip());

    @TempDir
    Path dir;

    @Test
    void killingOneOfThreeManagersUnderSdkLoadFailsNoCallAndUpStartsItAgain() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/haproxy")) && Files.isDirectory(Path.of("/usr/lib/postgresql")),
                "HAProxy and PostgreSQL are not installed (deploy/local/prerequisites.sh --postgres --haproxy)");
        int port = JarProcess.freePorts(115);
        Path pool = dir.resolve("pool");
        String up = UpPool.up(JarProcess.HOME, pool, SEAL_BY_COUNT, "--demo", "--managers", "3", "--nodes", "3", "--port",
                String.valueOf(port)).output();
        assertThat(up).contains("3 managers behind HAProxy on PostgreSQL").contains("pool Activated");
        JsonNode json = poolJson(pool);
        List<Long> pids = new ArrayList<>();
        json.get("managers").forEach(m -> pids.add(m.get("pid").asLong()));
        json.get("nodes").forEach(n -> pids.add(n.get("pid").asLong()));
        long balancer = json.at("/loadBalancer/pid").asLong();
        pids.add(balancer);
        try {
            assertThat(json.get("url").asText()).isEqualTo("https://localhost:" + port);
            assertThat(json.get("managers")).hasSize(3);
            assertThat(json.at("/store/kind").asText()).isEqualTo("postgresql");
            assertThat(pids).allMatch(JarProcess::alive);
            underLoadKillAManager(pool, json);
            restartedManagerServes(pool, json);
            auditVerifyChecksEveryManagersChain(pool, poolJson(pool));
        } finally {
            String down = JarProcess.run("down", "--dir", pool.toString());
            assertThat(down).contains("stopped");
            Thread.sleep(500);
            assertThat(pids).noneMatch(JarProcess::alive);
            Path server = Path.of(json.at("/store/directory").asText());
            assertThat(server.resolve("data/postmaster.pid")).as("the PostgreSQL server stopped").doesNotExist();
            if (!server.startsWith(pool)) { // as root it lives under /var/lib/hsmpool: remove the test's
                try (var all = Files.walk(server)) {
                    all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private void underLoadKillAManager(Path pool, JsonNode json) throws Exception {
        String url = json.get("url").asText();
        KeyClient keys = keyClient(pool, url);
        KeyVaultKey signing = keys.createEcKey(new CreateEcKeyOptions("load-key").setCurveName(KeyCurveName.P_256));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("several managers".getBytes());

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong signed = new AtomicLong();
        Map<String, String> acknowledged = new ConcurrentHashMap<>(); // key name -> version
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong slowest = new AtomicLong(); // ms, SDK retries included: how long a client waited at worst
        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int n = t;
            CryptographyClient crypto = cryptographyClient(pool, signing.getId());
            KeyClient creator = keyClient(pool, url);
            Thread thread = new Thread(() -> {
                int i = 0;
                while (!stop.get()) {
                    long began = System.nanoTime();
                    try {
                        if (n < 3) {
                            crypto.sign(SignatureAlgorithm.ES256, digest);
                            signed.incrementAndGet();
                        } else {
                            String name = "made-" + n + "-" + i++;
                            KeyVaultKey made = creator.createEcKey(new CreateEcKeyOptions(name)
                                    .setCurveName(KeyCurveName.P_256));
                            acknowledged.put(name, made.getProperties().getVersion());
                        }
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                    slowest.accumulateAndGet((System.nanoTime() - began) / 1_000_000, Math::max);
                }
            }, "load-" + t);
            thread.start();
            load.add(thread);
        }
        Thread.sleep(LOAD_BEFORE.toMillis());
        long beforeKill = signed.get();
        int createdBeforeKill = acknowledged.size();
        ProcessHandle victim = ProcessHandle.of(json.get("managers").get(1).get("pid").asLong()).orElseThrow();
        victim.destroyForcibly(); // SIGKILL
        victim.onExit().get();
        long servedByVictim;
        try (var lines = Files.lines(pool.resolve("manager-2-audit.jsonl"))) {
            servedByVictim = lines.filter(l -> l.contains("\"ok\"") && (l.contains("/sign") || l.contains("/create")))
                    .count();
        }
        assertThat(servedByVictim).as("calls the killed manager had answered: it was under load").isPositive();
        Thread.sleep(LOAD_AFTER.toMillis());
        stop.set(true);
        for (Thread t : load) {
            t.join(60_000);
        }
        System.out.printf("ManagersIT: %d signatures (%d before the kill), %d keys created (%d before), %d failed calls,"
                + " slowest call %d ms%n", signed.get(), beforeKill, acknowledged.size(), createdBeforeKill, failures.size(),
                slowest.get());
        assertThat(failures).as("client calls that failed").isEmpty();
        assertThat(beforeKill).as("signatures before the kill").isPositive();
        assertThat(signed.get()).as("signatures after the kill").isGreaterThan(beforeKill);
        assertThat(acknowledged.size()).as("keys created after the kill").isGreaterThan(createdBeforeKill);

        for (Map.Entry<String, String> key : acknowledged.entrySet()) {
            KeyVaultKey read = keys.getKey(key.getKey(), key.getValue());
            assertThat(cryptographyClient(pool, read.getId()).sign(SignatureAlgorithm.ES256, digest).getSignature())
                    .as("acknowledged key %s signs", key.getKey()).hasSize(64);
        }
    }

    private void restartedManagerServes(Path pool, JsonNode before) throws Exception {
        long t0 = System.nanoTime();
        String up = JarProcess.run(SEAL_BY_COUNT, "up", "--dir", pool.toString());
        long upMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(up).contains("manager-1 still runs").contains("manager-3 still runs");
        JsonNode json = poolJson(pool);
        JsonNode restarted = json.get("managers").get(1);
        assertThat(restarted.get("pid").asLong()).isNotEqualTo(before.get("managers").get(1).get("pid").asLong());
        assertThat(JarProcess.alive(restarted.get("pid").asLong())).isTrue();
        assertThat(json.at("/loadBalancer/pid").asLong()).as("the load balancer was kept")
                .isEqualTo(before.at("/loadBalancer/pid").asLong());

        // straight to the restarted manager, not through the load balancer
        String direct = restarted.get("url").asText();
        KeyVaultKey made = keyClient(pool, direct).createEcKey(new CreateEcKeyOptions("after-restart")
                .setCurveName(KeyCurveName.P_256));
        assertThat(made.getId()).startsWith(direct);
        System.out.printf("ManagersIT: hsmpool up started the killed manager in %d ms; it created a key %d ms after up began%n",
                upMillis, (System.nanoTime() - t0) / 1_000_000);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("restarted".getBytes());
        assertThat(cryptographyClient(pool, made.getId()).sign(SignatureAlgorithm.ES256, digest).getSignature()).hasSize(64);

        String status = JarProcess.run("status", "--dir", pool.toString());
        assertThat(status).contains("MANAGER").contains("manager-1").contains("manager-2").contains("manager-3");
        assertThat(status.lines().filter(l -> l.startsWith("manager-") && l.contains("serving")).count())
                .as(status).isEqualTo(3);
        assertThat(status.lines().filter(l -> l.startsWith("manager-") && l.contains("true")).count())
                .as("one leader: %s", status).isEqualTo(1);
    }

    /**
     * {@code hsmpool audit verify} checks the three managers' files together (the nodes' seal chains run
     * through all of them): the pool verifies; with manager-2's file replaced by a copy with one record
     * edited, or cut before its last seal, it fails and names that file. (The checks of copies ask
     * manager-1 directly: the head request seals what the answering manager has pending, in its live
     * file, which is therefore among those checked.)
     */
    private void auditVerifyChecksEveryManagersChain(Path pool, JsonNode json) throws Exception {
        for (int m = 1; m <= 3; m++) {
            assertThat(json.at("/managers/" + (m - 1) + "/auditFile").asText()).as("pool.json names manager-%d's file", m)
                    .isEqualTo(pool.resolve("manager-" + m + "-audit.jsonl").toString());
        }
        CliRun.Result intact = CliRun.withoutTerminal().run("audit", "verify", "--dir", pool.toString());
        System.out.println(intact.out());
        assertThat(intact.exitCode()).as(intact.toString()).isZero();
        for (int m = 1; m <= 3; m++) {
            assertThat(intact.out()).as("manager-%d's file", m).containsPattern("manager-" + m + "-audit.jsonl: \\d+ records,"
                    + " \\d+ seals, last record \\d+: verified");
        }
        assertThat(intact.out()).contains("intact: 3 audit files");

        Path second = Files.copy(pool.resolve("manager-2-audit.jsonl"), dir.resolve("manager-2-audit.jsonl"));
        List<String> files = List.of(pool.resolve("manager-1-audit.jsonl").toString(), second.toString(),
                pool.resolve("manager-3-audit.jsonl").toString());
        List<String> lines = Files.readAllLines(second);
        int edited = lines.size() / 2;
        while (!lines.get(edited).contains("\"type\":\"request\"")) {
            edited++;
        }
        List<String> modified = new ArrayList<>(lines);
        modified.set(edited, modified.get(edited).replaceFirst("\"status\":(\\d+)", "\"status\":299"));
        Files.write(second, modified);
        CliRun.Result broken = verify(pool, json, files);
        assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(4);
        assertThat(broken.out()).as(broken.toString()).contains(second + ": " + lines.size() + " records")
                .contains("NOT intact, broken at record " + (edited + 1)).contains("its hash does not match its content");
        assertThat(broken.out().lines().filter(l -> l.endsWith(": verified")).count()).as("the untouched files")
                .isEqualTo(2);

        int lastSeal = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"type\":\"seal\"") && lines.get(i).contains("\"sig\"")) {
                lastSeal = i;
            }
        }
        if (lastSeal > 0) { // a node sealed for manager-2: its file cut before that seal
            Files.write(second, lines.subList(0, lastSeal));
            CliRun.Result cut = verify(pool, json, files);
            assertThat(cut.exitCode()).as(cut.toString()).isEqualTo(4);
            assertThat(cut.out()).as(cut.toString()).contains(second + ": " + lastSeal + " records").contains("NOT intact");
        }
    }

    /** {@code audit verify} of {@code files}, asking manager-1 directly. */
    private static CliRun.Result verify(Path pool, JsonNode json, List<String> files) throws Exception {
        String token = Files.readAllLines(pool.resolve("tokens")).stream().filter(l -> l.startsWith("operator "))
                .findFirst().orElseThrow().split(" ")[1];
        List<String> args = new ArrayList<>(List.of("audit", "verify", "--dir", pool.toString(), "--url",
                json.get("managers").get(0).get("url").asText(), "--ca", pool.resolve("ca/ca.crt").toString()));
        files.forEach(f -> args.addAll(List.of("--file", f)));
        CliRun.Result r = CliRun.withoutTerminal().env("HSMPOOL_TOKEN", token).run(args.toArray(String[]::new));
        System.out.println(r.out());
        return r;
    }

    private static JsonNode poolJson(Path pool) throws Exception {
        return JSON.readTree(Files.readString(pool.resolve("pool.json")));
    }

    private static TokenCredential credential(Path pool) throws Exception {
        String token = Files.readAllLines(pool.resolve("tokens")).stream().filter(l -> l.startsWith("operator "))
                .findFirst().orElseThrow().split(" ")[1];
        return request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
    }

    private static HttpClient http(Path pool) throws Exception {
        return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                .sslContext(PoolTrust.sslContext(pool.resolve("ca/ca.crt")))).build();
    }

    /** The SDK's key client with its default retry policy. */
    private static KeyClient keyClient(Path pool, String url) throws Exception {
        return new KeyClientBuilder().vaultUrl(url).credential(credential(pool)).httpClient(http(pool))
                .disableChallengeResourceVerification().buildClient();
    }

    /** The SDK's cryptography client with its default retry policy; every call goes to the service. */
    private static CryptographyClient cryptographyClient(Path pool, String keyId) throws Exception {
        return new CryptographyClientBuilder().keyIdentifier(keyId).credential(credential(pool)).httpClient(http(pool))
                .disableChallengeResourceVerification().disableKeyCaching().buildClient();
    }
}
