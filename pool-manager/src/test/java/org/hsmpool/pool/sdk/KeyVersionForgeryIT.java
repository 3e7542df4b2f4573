package org.hsmpool.pool.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.hsmpool.testkit.PoolHarness;
import org.hsmpool.testkit.TestJvm;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Issue 14, item 1, as the attacker ran it: a principal holding only Managed HSM Restore tries to
 * write key versions of its own making through {@code POST /hsmpool/import} and
 * {@code POST /keys/restore} — a new version of the token-signing key with its own public key (to
 * sign tokens as anyone), a new latest version of a live key, a genuine sealed key under another
 * name — and each is refused with a 4xx, the pool unchanged, and a token it signs is refused.
 */
class KeyVersionForgeryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();
    private static final String TENANT = "hsmpool";
    private static final String RESTORER = "restorer";
    private static final String RESTORE_ROLE = "6efe6056-5259-49d2-8b3d-d3d73544b20b";

    private static SdkPool pool;
    private static String restorer;
    private static ObjectNode export;
    private static String victim;
    private static JsonNode victimKey;
    private static String signingKeys;
    private static ECKey attacker;

    @BeforeAll
    static void start() throws Exception {
        // a principal's client secret is a 600,000-round PBKDF2 at creation and at each token request: C2 code
        // takes ~0.3 s for one where the tests' default C1-only JIT takes ~2 s
        pool = new SdkPool("forgery", Map.of(), List.of(RESTORER), true, TestJvm.fullJit());
        restorer = PoolHarness.tokenOf(RESTORER);
        ok(pool.send("PUT", "/providers/Microsoft.Authorization/roleAssignments/" + UUID.randomUUID(),
                JSON.writeValueAsString(Map.of("properties", Map.of("roleDefinitionId", RESTORE_ROLE, "principalId",
                        RESTORER)))), 201);
        // the token service's signing key exists once a token was issued
        JsonNode principal = JSON.readTree(ok(pool.send("POST", "/hsmpool/principals",
                JSON.writeValueAsString(Map.of("displayName", "forgery-it"))), 201).body());
        String form = "grant_type=client_credentials&client_id=" + enc(principal.get("clientId").asText())
                + "&client_secret=" + enc(principal.get("secret").asText())
                + "&scope=" + enc("https://managedhsm.azure.net/.default");
        ok(pool.sendAs(null, "POST", "/" + TENANT + "/oauth2/v2.0/token", "application/x-www-form-urlencoded", form),
                200);
        signingKeys = signingKeySet();
        victim = SdkPool.uniqueName("victim");
        ok(pool.send("POST", "/keys/" + victim + "/create", "{\"kty\":\"EC-HSM\",\"crv\":\"P-256\"}"), 200);
        victimKey = key(victim);
        export = (ObjectNode) JSON.readTree(ok(pool.send("GET", "/hsmpool/export", null), 200).body());
        attacker = new ECKeyGenerator(Curve.P_256).keyID(hex32()).generate();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void anUnauthenticatedExportOfTheOldFormatCannotAddATokenSigningVersion() throws Exception {
        ObjectNode forged = JSON.createObjectNode().put("format", 1).put("domain", export.get("domain").asText());
        forged.putArray("versions").add(version("$token-signing", attacker.getKeyID(), sealedOfVictim())
                .put("jwk", attacker.toPublicJWK().toJSONString()));
        assertRefused(pool.send("POST", "/hsmpool/import", forged.toString(), restorer), 400, "not a pool export");
        assertThatATokenSignedByTheAttackerIsRefused();
        assertUnchanged();
    }

    @Test
    void anExportWhoseDocumentWasChangedDoesNotVerify() throws Exception {
        // a version of the token-signing key, a new latest version of a live key, and a renamed genuine
        // sealed key: each added to an otherwise genuine export that keeps its MAC
        List<Consumer<ArrayNode>> edits = List.of(
                versions -> versions.add(version("$token-signing", attacker.getKeyID(), sealedOfVictim())),
                versions -> versions.add(version(victim, hex32(), sealedOfVictim())),
                versions -> ((ObjectNode) versions.get(0)).put("name", "stolen-copy"),
                versions -> ((ObjectNode) versions.get(0)).putArray("key_ops").add("sign").add("verify").add("decrypt"));
        for (Consumer<ArrayNode> edit : edits) {
            ObjectNode document = (ObjectNode) JSON.readTree(UNB64.decode(export.get("document").asText()));
            edit.accept((ArrayNode) document.get("versions"));
            ObjectNode forged = export.deepCopy().put("document", B64.encodeToString(JSON.writeValueAsBytes(document)));
            assertRefused(pool.send("POST", "/hsmpool/import", forged.toString(), restorer), 400, "does not verify");
        }
        ObjectNode otherMac = export.deepCopy().put("mac", B64.encodeToString(new byte[32]));
        assertRefused(pool.send("POST", "/hsmpool/import", otherMac.toString(), restorer), 400, "does not verify");
        assertThatATokenSignedByTheAttackerIsRefused();
        assertUnchanged();
    }

    @Test
    void theGenuineExportImportedAgainAddsNothingToTheLiveKeys() throws Exception {
        HttpResponse<String> again = ok(pool.send("POST", "/hsmpool/import", export.toString(), restorer), 200);
        assertThat(JSON.readTree(again.body()).get("added").asInt()).isZero();
        assertUnchanged();
    }

    @Test
    void aKeyBackupWhoseDocumentWasChangedIsRefused() throws Exception {
        String backup = JSON.readTree(ok(pool.send("POST", "/keys/" + victim + "/backup", null), 200).body())
                .get("value").asText();
        ObjectNode outer = (ObjectNode) JSON.readTree(UNB64.decode(backup));
        List<Consumer<ObjectNode>> edits = List.of(
                doc -> doc.put("name", "$token-signing"),
                doc -> doc.put("name", "stolen-copy"),
                doc -> ((ObjectNode) doc.get("versions").get(0)).put("publicJwk", attacker.toPublicJWK().toJSONString()));
        for (Consumer<ObjectNode> edit : edits) {
            ObjectNode document = (ObjectNode) JSON.readTree(UNB64.decode(outer.get("document").asText()));
            edit.accept(document);
            ObjectNode forged = outer.deepCopy().put("document", B64.encodeToString(JSON.writeValueAsBytes(document)));
            String value = B64.encodeToString(JSON.writeValueAsBytes(forged));
            assertRefused(pool.send("POST", "/keys/restore", JSON.writeValueAsString(Map.of("value", value)),
                    restorer), 400, "altered");
        }
        assertRefused(pool.send("POST", "/keys/restore", JSON.writeValueAsString(Map.of("value", backup)), restorer),
                409, "exists");
        assertUnchanged();
    }

    @Test
    void aPurgeIsNotUndoneByARestorePrincipalButByOneWhoMayPurgeWithThePublicKeyItsSealedKeyHolds()
            throws Exception {
        String name = SdkPool.uniqueName("purged");
        ok(pool.send("POST", "/keys/" + name + "/create", "{\"kty\":\"EC-HSM\",\"crv\":\"P-256\"}"), 200);
        JsonNode before = key(name);
        String backup = JSON.readTree(ok(pool.send("POST", "/keys/" + name + "/backup", null), 200).body())
                .get("value").asText();
        ok(pool.send("DELETE", "/keys/" + name, null), 200);
        ok(pool.send("DELETE", "/deletedkeys/" + name, null), 204);
        String body = JSON.writeValueAsString(Map.of("value", backup));
        assertRefused(pool.send("POST", "/keys/restore", body, restorer), 409, "was purged");
        assertThat(ok(pool.send("GET", "/keys/" + name, null), 404).body()).contains("KeyNotFound");
        // the tester holds Crypto Officer (which may purge the key) and Crypto User (which may restore it)
        HttpResponse<String> restored = ok(pool.send("POST", "/keys/restore", body), 200);
        JsonNode after = JSON.readTree(restored.body()).get("key");
        assertThat(after.get("kid").asText()).isEqualTo(before.get("kid").asText());
        assertThat(after.get("x").asText()).isEqualTo(before.get("x").asText());
        assertThat(after.get("y").asText()).isEqualTo(before.get("y").asText());
    }

    /** Nothing the attacks sent was written: the victim's versions and the token-signing keys are as before. */
    private static void assertUnchanged() throws Exception {
        JsonNode versions = JSON.readTree(ok(pool.send("GET", "/keys/" + victim + "/versions", null), 200).body());
        assertThat(versions.get("value")).hasSize(1);
        assertThat(key(victim)).isEqualTo(victimKey);
        assertThat(ok(pool.send("GET", "/keys/stolen-copy", null), 404).body()).contains("KeyNotFound");
        assertThat(signingKeySet()).isEqualTo(signingKeys);
    }

    /** A token for the initial administrator, signed with the attacker's key under the version id it tried. */
    private static void assertThatATokenSignedByTheAttackerIsRefused() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(pool.vaultUrl + "/" + TENANT + "/v2.0")
                .audience("https://managedhsm.azure.net").subject(PoolHarness.TESTER).claim("oid", PoolHarness.TESTER)
                .claim("tid", TENANT).issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 600_000))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(attacker.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new ECDSASigner(attacker));
        HttpResponse<String> reply = pool.send("GET", "/keys", null, jwt.serialize());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(401);
    }

    private static ObjectNode version(String name, String id, String sealed) {
        ObjectNode v = JSON.createObjectNode().put("name", name).put("version", id).put("kty", "EC-HSM")
                .put("sealed", sealed).put("enabled", true).put("managed", false)
                .put("created", System.currentTimeMillis()).put("updated", System.currentTimeMillis());
        v.putArray("key_ops").add("sign").add("verify");
        v.putObject("tags");
        return v;
    }

    private static String sealedOfVictim() {
        try {
            JsonNode document = JSON.readTree(UNB64.decode(export.get("document").asText()));
            for (JsonNode v : document.get("versions")) {
                if (v.get("name").asText().equals(victim)) {
                    return v.get("sealed").asText();
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("the export holds no version of " + victim);
    }

    private static JsonNode key(String name) throws Exception {
        return JSON.readTree(ok(pool.send("GET", "/keys/" + name, null), 200).body()).get("key");
    }

    private static String signingKeySet() throws Exception {
        return ok(pool.sendAs(null, "GET", "/" + TENANT + "/discovery/v2.0/keys", null, null), 200).body();
    }

    private static void assertRefused(HttpResponse<String> reply, int status, String reason) throws Exception {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(reply.body()).get("error");
        assertThat(error.get("code").asText()).isNotBlank();
        assertThat(error.get("message").asText()).contains(reason);
    }

    private static HttpResponse<String> ok(HttpResponse<String> reply, int status) {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
        return reply;
    }

    private static String hex32() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
