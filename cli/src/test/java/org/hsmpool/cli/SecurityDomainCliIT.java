package org.hsmpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.hsmpool.nodeapi.pki.Pem;
import org.hsmpool.nodeapi.pki.TlsMaterial;
import org.hsmpool.sd.AdminKeyPair;
import org.hsmpool.sd.SecurityDomain;
import org.hsmpool.sd.SecurityDomainBlob;
import org.hsmpool.sd.ShareEnvelope;
import org.hsmpool.sd.TransferKey;
import org.hsmpool.testkit.UpPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 18 with the CLI alone: pool A activated by three administrators (quorum 2) with
 * {@code sd download}; their drills ({@code sd drill}: a good share is recorded, a wrong key, a
 * share of another domain, a replayed or forged drill and a lower role are refused and not recorded);
 * pool B restored from A's domain with {@code sd transfer-key}, two {@code sd share --pool-ca} and
 * {@code sd upload --shares DIR}; then A's full backup ({@code backup create}), carried to B's machine, is
 * restored into B ({@code backup restore}), and the key made in A signs in B and verifies in A (issue 18,
 * done-when 1: the whole disaster-recovery drill with the CLI alone).
 * Two one-node pools, real processes and tokens.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityDomainCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ADMINS = List.of("alice", "bob", "carol");

    @TempDir
    static Path work;
    static Path poolA;
    static Path poolB;
    static Path admins;
    static Path blob;

    @BeforeAll
    static void twoPoolsAndThreeAdministrators() throws Exception {
        poolA = work.resolve("pool-a");
        poolB = work.resolve("pool-b");
        UpPool.up(JarProcess.HOME, poolA, "--nodes", "1", "--port", String.valueOf(JarProcess.freePorts(1)));
        UpPool.up(JarProcess.HOME, poolB, "--nodes", "1", "--port", String.valueOf(JarProcess.freePorts(1)));
        admins = Files.createDirectories(work.resolve("admins"));
        for (String admin : ADMINS) {
            ok(as(admin).run("sd", "admin-keygen", "--out", admins.toString(), "--name", admin));
        }
        blob = work.resolve("security-domain.json");
    }

    @AfterAll
    static void down() throws Exception {
        for (Path pool : new Path[] {poolA, poolB}) {
            if (pool != null && Files.exists(pool.resolve("pool.json"))) {
                JarProcess.java("down", "--dir", pool.toString());
            }
        }
    }

    @Test
    @Order(1)
    void sdDownloadActivatesPoolAAndGivesTheLocalOperatorItsKeyRoles() throws Exception {
        CliRun.Result two = CliRun.withoutTerminal().run("sd", "download", "--dir", poolA.toString(), "--cert", cert("alice"),
                "--cert", cert("bob"), "--quorum", "2", "--out", blob.toString());
        assertThat(two.exitCode()).as(two.toString()).isEqualTo(2);
        assertThat(two.err()).contains("3 to 10 administrators");
        CliRun.Result quorum = CliRun.withoutTerminal().run("sd", "download", "--dir", poolA.toString(), "--cert", cert("alice"),
                "--cert", cert("bob"), "--cert", cert("carol"), "--quorum", "4", "--out", blob.toString());
        assertThat(quorum.exitCode()).as(quorum.toString()).isEqualTo(2);
        assertThat(status(poolA).path("state").asText()).isEqualTo("NotActivated");

        JsonNode activated = json(CliRun.withoutTerminal().run("sd", "download", "--dir", poolA.toString(), "--cert",
                cert("alice"), "--cert", cert("bob"), "--cert", cert("carol"), "--quorum", "2", "--out", blob.toString(),
                "-o", "json"));

        assertThat(activated.path("status").asText()).isEqualTo("Success");
        assertThat(activated.path("required").asInt()).isEqualTo(2);
        assertThat(activated.path("share_count").asInt()).isEqualTo(3);
        assertThat(activated.path("attested_by").asText()).isEqualTo("urn:hsmpool:node:node-1");
        assertThat(activated.path("operator_roles")).hasSize(2);
        assertThat(ok(CliRun.withoutTerminal().run("sd", "inspect", "--blob", blob.toString(), "--pool-ca",
                poolA.resolve("ca/ca.crt").toString())).out()).contains("2 of 3");
        assertThat(ok(CliRun.withoutTerminal().run("key", "create", "dr-key", "--dir", poolA.toString())).out())
                .contains("/keys/dr-key/");
        CliRun.Result again = CliRun.withoutTerminal().run("sd", "download", "--dir", poolA.toString(), "--cert", cert("alice"),
                "--cert", cert("bob"), "--cert", cert("carol"), "--quorum", "2", "--out", work.resolve("again.json").toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("409").doesNotContain("Exception");
        assertThat(ok(CliRun.withoutTerminal().run("status", "--dir", poolA.toString())).out())
                .contains("0 of 3 administrators checked in the last 90 days");
    }

    @Test
    @Order(2)
    void aGoodDrillIsRecordedAndShownByStatus() throws Exception {
        CliRun.Result drill = as("alice").run("sd", "drill", "--dir", poolA.toString(), "--blob", blob.toString(),
                "--cert", cert("alice"), "--key", key("alice"));

        ok(drill);
        assertThat(drill.out()).contains("Drill passed: share 1 of 3").contains("urn:hsmpool:node:node-1");
        assertThat(drill.printed()).doesNotContain("alice passphrase");
        JsonNode summary = status(poolA).path("drill");
        assertThat(summary.path("checkedRecently").asInt()).isEqualTo(1);
        assertThat(summary.path("shares").get(0).path("checkedBy").asText()).isEqualTo("operator");
        assertThat(summary.path("shares").get(1).path("lastChecked").isNull()).isTrue();
        assertThat(ok(CliRun.withoutTerminal().run("status", "--dir", poolA.toString())).out())
                .contains("1 of 3 administrators checked in the last 90 days");
    }

    @Test
    @Order(3)
    void aWrongKeyOrAShareOfAnotherDomainIsRefusedAndNotRecorded() throws Exception {
        CliRun.Result wrongKey = as("bob").run("sd", "drill", "--dir", poolA.toString(), "--blob", blob.toString(),
                "--cert", cert("bob"), "--key", key("alice"));
        assertThat(wrongKey.exitCode()).as(wrongKey.toString()).isEqualTo(1);
        assertThat(wrongKey.err()).containsAnyOf("cannot be used", "passphrase does not open").doesNotContain("Exception");

        Path other = Files.writeString(work.resolve("other-domain.json"), otherDomain().toJson());
        CliRun.Result otherDomain = as("bob").run("sd", "drill", "--dir", poolA.toString(), "--blob", other.toString(),
                "--cert", cert("bob"), "--key", key("bob"));
        assertThat(otherDomain.exitCode()).as(otherDomain.toString()).isEqualTo(1);
        assertThat(otherDomain.err()).contains("400").contains("not this pool's security domain");

        assertThat(status(poolA).path("drill").path("checkedRecently").asInt()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void aForgedOrReplayedDrillOrALowerRoleIsRefusedAndNotRecorded() throws Exception {
        Api operator = new Api(poolA, operatorToken(poolA));
        String sent = JSON.readTree(Files.readString(blob)).path("value").asText();

        // another domain's share of bob, re-encrypted to a real drill key, sent with this pool's blob: the node refuses
        JsonNode issued = operator.call("POST", "/hsmpool/securitydomain/drill/key", null, 200);
        SecurityDomainBlob foreign = otherDomain();
        String forged = ShareEnvelope.reencryptForTransferKey(foreign, admin("bob").certificate(), admin("bob").privateKey(),
                TransferKey.parse(JSON.writeValueAsString(issued.path("transfer_key"))));
        JsonNode refused = operator.call("POST", "/hsmpool/securitydomain/drill", Map.of("value", sent, "share", forged,
                "node", issued.path("node").asText()), 400);
        assertThat(refused.path("error").path("code").asText()).isEqualTo("BadParameter");

        // carol's good drill, then the same body again: the drill key was used up, so it opens nothing
        issued = operator.call("POST", "/hsmpool/securitydomain/drill/key", null, 200);
        String share = ShareEnvelope.reencryptForTransferKey(SecurityDomainBlob.parse(sent), admin("carol").certificate(),
                admin("carol").privateKey(), TransferKey.parse(JSON.writeValueAsString(issued.path("transfer_key"))));
        Map<String, String> body = Map.of("value", sent, "share", share, "node", issued.path("node").asText());
        String requestId = "drill-" + java.util.UUID.randomUUID();
        assertThat(operator.call("POST", "/hsmpool/securitydomain/drill", body, 200, requestId).path("index").asInt())
                .isEqualTo(3);
        // the client's request id reaches the manager's and the node's log lines of that request, dated
        assertThat(Files.readAllLines(poolA.resolve("manager.log"))).anyMatch(l -> l.contains(requestId)
                && l.contains("security-domain drill: share 3") && l.matches("^\\d{4}-\\d{2}-\\d{2}T.*"));
        assertThat(Files.readAllLines(poolA.resolve("node-1/node.log"))).anyMatch(l -> l.contains(requestId)
                && l.contains("security-domain drill: share 3") && l.matches("^\\d{4}-\\d{2}-\\d{2}T.*"));
        operator.call("POST", "/hsmpool/securitydomain/drill", body, 400);
        operator.call("POST", "/hsmpool/securitydomain/drill", Map.of("value", sent), 400);

        // a Crypto User may read the summary but neither get a drill key nor record a drill
        String user = ok(CliRun.withoutTerminal().run("token", "--dir", poolA.toString(), "--principal", "app", "--role",
                "Crypto User")).out().strip();
        Api app = new Api(poolA, user);
        app.call("POST", "/hsmpool/securitydomain/drill/key", null, 403);
        assertThat(app.call("POST", "/hsmpool/securitydomain/drill", body, 403).path("error").path("code").asText())
                .isEqualTo("AccessDenied");
        JsonNode summary = app.call("GET", "/hsmpool/securitydomain/drill", null, 200);
        assertThat(summary.path("checkedRecently").asInt()).isEqualTo(2);
        assertThat(summary.path("shares").get(1).path("lastChecked").isNull()).isTrue();
    }

    @Test
    @Order(5)
    void poolBIsRestoredFromAsDomain() throws Exception {
        Path transferKey = work.resolve("transfer-key.json");
        JsonNode fetched = json(CliRun.withoutTerminal().run("sd", "transfer-key", "--dir", poolB.toString(), "--out",
                transferKey.toString(), "-o", "json"));
        assertThat(fetched.path("words").asText().split(" ")).hasSize(10);
        assertThat(fetched.path("attested_by").asText()).isEqualTo("urn:hsmpool:node:node-1");

        Path shares = Files.createDirectories(work.resolve("incoming"));
        CliRun.Result notThisCa = as("alice").run("sd", "share", "--blob", blob.toString(), "--cert", cert("alice"), "--key",
                key("alice"), "--for", transferKey.toString(), "--pool-ca", poolA.resolve("ca/ca.crt").toString(), "--out",
                shares.resolve("refused.jwe").toString());
        assertThat(notThisCa.exitCode()).isEqualTo(1);
        assertThat(notThisCa.err()).contains("REFUSED");
        assertThat(shares.resolve("refused.jwe")).doesNotExist();

        share("alice", transferKey, shares, fetched.path("words").asText());
        // the upload waits in DIR for the second share
        CompletableFuture<CliRun.Result> upload = CompletableFuture.supplyAsync(() -> CliRun.withoutTerminal().run("sd",
                "upload", "--dir", poolB.toString(), "--blob", blob.toString(), "--shares", shares.toString(), "-o", "json"));
        share("carol", transferKey, shares, fetched.path("words").asText());
        CliRun.Result uploaded = upload.get();

        JsonNode restored = json(uploaded);
        assertThat(uploaded.err()).contains("2 of 2 shares in");
        assertThat(restored.path("status").asText()).isEqualTo("Success");
        assertThat(restored.path("state").asText()).isEqualTo("Activated");
        assertThat(restored.path("operator_roles")).hasSize(2);
        assertThat(status(poolB).path("state").asText()).isEqualTo("Activated");
        // done-when 1: pool A's full backup, carried to B's site, restored into B; dr-key signs in B and verifies in A
        Path backupsOfA = poolA.resolve("backups");
        String folderUrl = ok(CliRun.withoutTerminal().run("backup", "create", "--dir", poolA.toString(), "--to",
                backupsOfA.toString())).out().strip();
        Path folderOfA = Path.of(URI.create(folderUrl));
        assertThat(folderOfA.getParent()).isEqualTo(backupsOfA.toAbsolutePath().normalize());
        Path folderOfB = Files.createDirectories(poolB.resolve("backups")).resolve(folderOfA.getFileName());
        Files.createDirectories(folderOfB);
        try (var files = Files.list(folderOfA)) {
            for (Path f : files.toList()) {
                Files.copy(f, folderOfB.resolve(f.getFileName()));
            }
        }
        ok(CliRun.withoutTerminal().run("backup", "restore", "--dir", poolB.toString(), "--from", folderOfB.toString()));
        Path message = Files.writeString(work.resolve("dr-message.txt"), "signed in pool B after the disaster");
        String signature = ok(CliRun.withoutTerminal().run("key", "sign", "dr-key", "--dir", poolB.toString(), "--in",
                message.toString())).out().strip();
        assertThat(ok(CliRun.withoutTerminal().run("key", "verify", "dr-key", "--dir", poolA.toString(), "--in",
                message.toString(), "--signature=" + signature)).out()).contains("valid");

        // B holds A's domain: an administrator of A drills against B
        ok(as("bob").run("sd", "drill", "--dir", poolB.toString(), "--blob", blob.toString(), "--cert", cert("bob"),
                "--key", key("bob")));
        assertThat(status(poolB).path("drill").path("checkedRecently").asInt()).isEqualTo(1);
    }

    private static void share(String admin, Path transferKey, Path dir, String words) {
        CliRun.Result shared = as(admin).run("sd", "share", "--blob", blob.toString(), "--cert", cert(admin), "--key",
                key(admin), "--for", transferKey.toString(), "--pool-ca", poolB.resolve("ca/ca.crt").toString(), "--out",
                dir.resolve(admin + ".jwe").toString());
        ok(shared);
        assertThat(shared.out()).contains(words);
    }

    /** A second security domain of the same three administrators (made with the library, as a node would). */
    private static SecurityDomainBlob otherDomain() throws Exception {
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        List<java.security.cert.X509Certificate> certificates = new java.util.ArrayList<>();
        for (String a : ADMINS) {
            certificates.add(admin(a).certificate());
        }
        return SecurityDomain.create(master, HexFormat.of().formatHex(id), certificates, 2, Instant.now(), new SecureRandom());
    }

    private static AdminKeyPair admin(String name) throws Exception {
        return AdminKeyPair.read(Files.readString(admins.resolve(name + ".crt")), Files.readString(admins.resolve(name + ".key")),
                (name + " passphrase").toCharArray());
    }

    private static CliRun as(String admin) {
        return CliRun.withoutTerminal().env("HSMPOOL_ADMIN_PASSPHRASE", admin + " passphrase");
    }

    private static String cert(String admin) {
        return admins.resolve(admin + ".crt").toString();
    }

    private static String key(String admin) {
        return admins.resolve(admin + ".key").toString();
    }

    private static CliRun.Result ok(CliRun.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.printed()).doesNotContain("Exception");
        return result;
    }

    private static JsonNode json(CliRun.Result result) throws Exception {
        return JSON.readTree(ok(result).out());
    }

    private static JsonNode status(Path pool) throws Exception {
        return json(CliRun.withoutTerminal().run("status", "--dir", pool.toString(), "-o", "json"));
    }

    private static String operatorToken(Path pool) throws Exception {
        return Files.readAllLines(pool.resolve("tokens")).stream().filter(l -> l.startsWith("operator "))
                .findFirst().orElseThrow().split(" ")[1];
    }

    /** The pool's REST API with one bearer token, for the misuse cases the CLI never sends. */
    private record Api(HttpClient http, String url, String token) {
        Api(Path pool, String token) throws Exception {
            this(HttpClient.newBuilder().sslContext(TlsMaterial.clientContext(Pem.readCertificates(pool.resolve("ca/ca.crt")),
                    Optional.empty())).build(), JSON.readTree(Files.readString(pool.resolve("pool.json"))).path("url").asText(),
                    token);
        }

        JsonNode call(String method, String path, Object body, int expected) throws Exception {
            return call(method, path, body, expected, java.util.UUID.randomUUID().toString());
        }

        JsonNode call(String method, String path, Object body, int expected, String requestId) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path + "?api-version=7.5"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("x-ms-client-request-id", requestId)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
            return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        }
    }
}
