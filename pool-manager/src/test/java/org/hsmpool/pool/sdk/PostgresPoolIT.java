package org.hsmpool.pool.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.hsmpool.pool.store.TestDatabases;
import org.hsmpool.testkit.ManagerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.ds.PGSimpleDataSource;

import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.azure.security.keyvault.keys.cryptography.models.SignResult;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 15, first slice: a pool whose managers keep their store in a real PostgreSQL server (a
 * database of its own on the server deploy/local/test.sh starts; skipped with the reason when there
 * is none). Three node processes, two manager processes, the official Azure SDK as the client.
 * Done-when 2: pausing the leader (SIGSTOP) past its lease makes the other manager take over, and the
 * old leader's leader-only write is refused when it resumes (SIGCONT). Done-when 3: a key disabled,
 * deleted or purged, or a role assignment removed, through one manager is refused by the other within
 * one second. Several managers at once: keys created concurrently through both are on every node,
 * sign at once through the other manager, and the replication log has no gap.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresPoolIT {
    private static final Duration LEASE = Duration.ofSeconds(3);
    /** How long a change through one manager may stay unseen by another (issue 15, done-when 3). */
    private static final Duration STALENESS = Duration.ofSeconds(1);
    private static final String READER = "reader";
    private static final String CRYPTO_USER = "21dbd100-6940-42c2-9190-5d6cb909625b";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SdkPool pool;
    private static ManagerProcess second;
    private static PGSimpleDataSource database;

    @BeforeAll
    static void start() throws Exception {
        TestDatabases.ManagerDatabase created = TestDatabases.managerDatabase(LEASE);
        database = created.dataSource();
        Map<String, String> store = created.managerProperties();
        pool = new SdkPool("postgres", store, java.util.List.of(READER));
        second = pool.harness.startManager("manager-2", store);
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    @Order(1)
    void keysCreatedAndSignedThroughTheSdkAreInPostgreSqlAndEveryManagerReadsThem() throws Exception {
        String name = SdkPool.uniqueName("pg-ec");
        KeyVaultKey key = pool.keyClient().createEcKey(new CreateEcKeyOptions(name).setCurveName(KeyCurveName.P_256));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        SignResult signed = pool.cryptographyClient(key.getId()).sign(SignatureAlgorithm.ES256, digest);
        assertThat(pool.cryptographyClient(key.getId()).verify(SignatureAlgorithm.ES256, digest, signed.getSignature())
                .isValid()).isTrue();

        try (var c = database.getConnection();
                var s = c.prepareStatement("SELECT count(*) FROM key_versions WHERE key_name = ?")) {
            s.setString(1, name);
            try (var row = s.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getInt(1)).as("the version is a row of the PostgreSQL store").isEqualTo(1);
            }
        }
        HttpResponse<String> read = get(second, "/keys/" + name + "/" + key.getProperties().getVersion());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(JSON.readTree(read.body()).at("/key/kid").asText()).endsWith(key.getProperties().getVersion());
    }

    @Test
    @Order(2)
    void aPausedLeaderIsReplacedAndItsLeaderOnlyWriteIsRefusedWhenItResumes() throws Exception {
        ManagerProcess first = pool.harness.manager;
        String name = SdkPool.uniqueName("before-pause");
        KeyVaultKey key = pool.keyClient().createEcKey(new CreateEcKeyOptions(name).setCurveName(KeyCurveName.P_256));
        JsonNode before = await(first, s -> s.at("/leader/leads").asBoolean(), "the first manager leads");
        long epoch = before.at("/leader/epoch").asLong();
        assertThat(leader(second).at("/leads").asBoolean()).as("the second manager waits").isFalse();

        Instant paused = Instant.now();
        first.signal("STOP");
        JsonNode taken;
        try {
            taken = await(second, s -> s.at("/leader/leads").asBoolean(), "the second manager takes over");
            // the lease runs from the leader's last renewal, at most a quarter of a lease before the pause
            assertThat(Duration.between(paused, Instant.now())).as("not before the lease ran out")
                    .isGreaterThanOrEqualTo(LEASE.minus(LEASE.dividedBy(4)));
        } finally {
            first.signal("CONT");
        }
        assertThat(taken.at("/leader/epoch").asLong()).isGreaterThan(epoch);

        JsonNode resumed = await(first, s -> !s.at("/leader/leads").asBoolean(), "the old leader steps down");
        assertThat(resumed.at("/leader/fencedWrites").asLong()).as("its lease renewal was refused").isPositive();
        assertThat(first.logText()).contains("a leader-only write of epoch " + epoch + " was refused");
        await(first, s -> s.get("nodes").findValuesAsText("state").stream().filter("HEALTHY"::equals).count() == 3,
                "the old leader goes on serving, as a follower");
        String onFirst = "https://localhost:" + first.port() + "/keys/" + name + "/" + key.getProperties().getVersion();
        assertThat(pool.cryptographyClient(onFirst).sign(SignatureAlgorithm.ES256,
                MessageDigest.getInstance("SHA-256").digest(new byte[] {2})).getSignature()).hasSize(64);
        JsonNode lease = leader(second);
        assertThat(lease.at("/leads").asBoolean()).isTrue();
        assertThat(lease.at("/holder").asText()).isEqualTo(lease.at("/self").asText());
        assertThat(lease.at("/epoch").asLong()).isEqualTo(taken.at("/leader/epoch").asLong());

        // the new leader serves through the SDK as it did as a follower
        await(second, s -> s.get("nodes").findValuesAsText("state").stream().filter("HEALTHY"::equals).count() == 3,
                "the new leader has the nodes");
        String onSecond = "https://localhost:" + second.port() + "/keys/" + name + "/" + key.getProperties().getVersion();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(new byte[] {1});
        SignResult signed = pool.cryptographyClient(onSecond).sign(SignatureAlgorithm.ES256, digest);
        assertThat(signed.getSignature()).hasSize(64);
    }

    @Test
    @Order(3)
    void aKeyDisabledDeletedOrPurgedOrARoleRemovedThroughOneManagerIsRefusedByTheOtherWithinASecond()
            throws Exception {
        ManagerProcess leader = second; // leads since the test above, and has the nodes
        ManagerProcess other = pool.harness.manager;
        String disabled = SdkPool.uniqueName("to-disable");
        String deleted = SdkPool.uniqueName("to-delete");
        String disabledVersion = create(leader, disabled);
        String deletedVersion = create(leader, deleted);
        for (ManagerProcess m : new ManagerProcess[] {leader, other}) { // both have read (and may keep) them
            assertThat(send(m, "GET", "/keys/" + disabled, null, SdkPool.TOKEN).statusCode()).isEqualTo(200);
            assertThat(send(m, "GET", "/keys/" + deleted, null, SdkPool.TOKEN).statusCode()).isEqualTo(200);
        }
        assertThat(sign(leader, disabled, disabledVersion).statusCode()).isEqualTo(200);
        assertThat(sign(leader, deleted, deletedVersion).statusCode()).isEqualTo(200);

        // disable through the standby: the leader refuses to sign with it
        HttpResponse<String> patched = send(other, "PATCH", "/keys/" + disabled + "/" + disabledVersion,
                "{\"attributes\":{\"enabled\":false}}", SdkPool.TOKEN);
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        answersWithin(() -> sign(leader, disabled, disabledVersion), 403, "KeyDisabled", "a disabled key");

        // delete through the standby: the leader no longer finds it
        HttpResponse<String> gone = send(other, "DELETE", "/keys/" + deleted, null, SdkPool.TOKEN);
        assertThat(gone.statusCode()).as(gone.body()).isEqualTo(200);
        answersWithin(() -> sign(leader, deleted, deletedVersion), 404, "KeyNotFound", "a deleted key");

        // purge through the leader: the standby no longer lists it as deleted
        assertThat(send(other, "GET", "/deletedkeys/" + deleted, null, SdkPool.TOKEN).statusCode()).isEqualTo(200);
        HttpResponse<String> purged = send(leader, "DELETE", "/deletedkeys/" + deleted, null, SdkPool.TOKEN);
        assertThat(purged.statusCode()).as(purged.body()).isEqualTo(204);
        answersWithin(() -> send(other, "GET", "/deletedkeys/" + deleted, null, SdkPool.TOKEN), 404, null,
                "a purged key");

        // a role assignment removed through the leader: the standby refuses its principal
        String assignment = UUID.randomUUID().toString();
        String path = "/providers/Microsoft.Authorization/roleAssignments/" + assignment;
        HttpResponse<String> granted = send(leader, "PUT", path, "{\"properties\":{\"roleDefinitionId\":\""
                + CRYPTO_USER + "\",\"principalId\":\"" + READER + "\"}}", SdkPool.TOKEN);
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
        String readerToken = org.hsmpool.testkit.PoolHarness.tokenOf(READER);
        answersWithin(() -> send(other, "GET", "/keys/" + disabled, null, readerToken), 200, null,
                "a principal given a role");
        HttpResponse<String> removed = send(leader, "DELETE", path, null, SdkPool.TOKEN);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        answersWithin(() -> send(other, "GET", "/keys/" + disabled, null, readerToken), 403, null,
                "a principal whose role was removed");
    }

    @Test
    @Order(4)
    void keysCreatedAtOnceThroughTwoManagersAreOnEveryNodeAndTheLogHasNoGap() throws Exception {
        ManagerProcess[] managers = {pool.harness.manager, second};
        for (ManagerProcess m : managers) {
            HttpResponse<String> ready = send(m, "GET", "/q/health/ready", null, SdkPool.TOKEN);
            assertThat(ready.statusCode()).as("every manager is ready, leader or not: %s", ready.body()).isEqualTo(200);
        }
        int perManager = 12;
        Map<String, String> created = new java.util.concurrent.ConcurrentHashMap<>(); // name -> version
        Map<String, Integer> madeBy = new java.util.concurrent.ConcurrentHashMap<>();
        var writers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int w = 0; w < 4; w++) {
                int m = w % 2;
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < perManager / 2; i++) {
                        String name = SdkPool.uniqueName("both-" + writer + "-" + i);
                        created.put(name, create(managers[m], name));
                        madeBy.put(name, m);
                    }
                    return null;
                }));
            }
            for (var f : done) {
                f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
        assertThat(created).hasSize(2 * perManager);

        // each key signs at once through the manager that did not make it
        for (var key : created.entrySet()) {
            HttpResponse<String> signed = sign(managers[1 - madeBy.get(key.getKey())], key.getKey(), key.getValue());
            assertThat(signed.statusCode()).as("%s made through the other manager: %s", key.getKey(), signed.body())
                    .isEqualTo(200);
        }

        try (var c = database.getConnection(); var s = c.createStatement();
                var row = s.executeQuery("SELECT count(*), min(seq), max(seq), (SELECT last_seq FROM "
                        + "replication_log_head WHERE id = 1) FROM replication_log")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getLong(2)).as("the log starts at 1").isEqualTo(1);
            assertThat(row.getLong(1)).as("no gap in the log").isEqualTo(row.getLong(3));
            assertThat(row.getLong(3)).as("the log ends at its head").isEqualTo(row.getLong(4));
        }
        try (var c = database.getConnection(); var s = c.prepareStatement(
                "SELECT count(DISTINCT l.seq) FROM replication_log l JOIN key_versions v ON v.version_id = l.version_id "
                        + "WHERE l.kind = 'KEY_VERSION_CREATED' AND v.key_name LIKE 'both-%'")) {
            try (var row = s.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getInt(1)).as("one log entry per created version").isEqualTo(2 * perManager);
            }
        }

        // every node holds every key: by the pushes, or by the leader's catch-up of what it missed
        Instant until = Instant.now().plusSeconds(30);
        for (int n = 0; n < pool.harness.nodeCount(); n++) {
            try (var node = pool.harness.direct(n)) {
                java.util.List<String> held;
                do {
                    held = node.call(s -> s.listKeys(org.hsmpool.nodeapi.v1.ListKeysRequest.getDefaultInstance()))
                            .getKeyIdsList();
                } while (!held.containsAll(created.values()) && Instant.now().isBefore(until) && pause());
                assertThat(held).as("node %d holds every key version", n).containsAll(created.values());
            }
        }
        // and the leader records it for the other managers: every node's position reaches the head
        try (var c = database.getConnection(); var s = c.createStatement()) {
            long head;
            long lowest;
            do {
                try (var row = s.executeQuery("SELECT min(applied_seq), (SELECT last_seq FROM replication_log_head "
                        + "WHERE id = 1) FROM nodes")) {
                    row.next();
                    lowest = row.getLong(1);
                    head = row.getLong(2);
                }
            } while (lowest < head && Instant.now().isBefore(until) && pause());
            assertThat(lowest).as("every node's recorded position").isEqualTo(head);
        }
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(200);
        return true;
    }

    private interface Call {
        HttpResponse<String> send() throws Exception;
    }

    /** {@code call} answers {@code status} (and the error {@code code}) within {@link #STALENESS}. */
    private static void answersWithin(Call call, int status, String code, String what) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> last = call.send();
        while (last.statusCode() != status && System.nanoTime() - start < STALENESS.toNanos() * 3) {
            Thread.sleep(20);
            last = call.send();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(last.statusCode()).as("%s, after %s: %s", what, took, last.body()).isEqualTo(status);
        if (code != null) {
            assertThat(JSON.readTree(last.body()).at("/error/code").asText()).as(last.body()).isEqualTo(code);
        }
        assertThat(took).as("%s seen by the other manager", what).isLessThan(STALENESS);
    }

    private static String create(ManagerProcess manager, String name) throws Exception {
        HttpResponse<String> r = send(manager, "POST", "/keys/" + name + "/create",
                "{\"kty\":\"EC-HSM\",\"crv\":\"P-256\"}", SdkPool.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String kid = JSON.readTree(r.body()).at("/key/kid").asText();
        return kid.substring(kid.lastIndexOf('/') + 1);
    }

    private static HttpResponse<String> sign(ManagerProcess manager, String name, String version) throws Exception {
        String digest = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
        return send(manager, "POST", "/keys/" + name + "/" + version + "/sign",
                "{\"alg\":\"ES256\",\"value\":\"" + digest + "\"}", SdkPool.TOKEN);
    }

    private static HttpResponse<String> send(ManagerProcess manager, String method, String path, String body,
            String token) throws Exception {
        var client = java.net.http.HttpClient.newBuilder().sslContext(pool.ssl).connectTimeout(Duration.ofSeconds(5))
                .build();
        var request = HttpRequest.newBuilder(URI.create("https://localhost:" + manager.port() + path
                + (path.contains("?") ? "&" : "?") + "api-version=7.5"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode leader(ManagerProcess manager) throws Exception {
        return status(manager).get("leader");
    }

    private static JsonNode status(ManagerProcess manager) throws Exception {
        HttpResponse<String> r = get(manager, "/hsmpool/status");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> get(ManagerProcess manager, String path) throws Exception {
        return send(manager, "GET", path, null, SdkPool.TOKEN);
    }

    private static JsonNode await(ManagerProcess manager, Predicate<JsonNode> condition, String what) throws Exception {
        Instant until = Instant.now().plusSeconds(60);
        JsonNode last = null;
        while (Instant.now().isBefore(until)) {
            try {
                last = status(manager);
                if (condition.test(last)) {
                    return last;
                }
            } catch (java.io.IOException | AssertionError notYet) {
                // a paused or starting manager does not answer
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within 60 s: " + what + "; last status " + last + "\n" + manager.logText());
    }
}
