package org.hsmpool.pool.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hsmpool.testkit.PoolTrust;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.core.exception.HttpResponseException;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.DeletedKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction;
import com.azure.security.keyvault.keys.models.KeyRotationPolicy;
import com.azure.security.keyvault.keys.models.KeyRotationPolicyAction;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 5, done-when 1 (the rest of the life cycle): listings with paging, PATCH of attributes and
 * their enforcement, deleted-key listing with a configured retention, rotation policies and
 * automatic rotation that really runs. The pool is configured with a 7-day retention, rotation
 * periods down to one second and a one-second maintenance pass, so that rotation is seen here.
 */
class SdkLifecycleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SdkPool pool;
    private static KeyClient keys;

    @BeforeAll
    static void start() throws Exception {
        pool = new SdkPool("sdk-lifecycle", Map.of("hsmpool.pool.soft-delete-retention-days", "7",
                "hsmpool.pool.rotation.minimum-period", "PT1S", "hsmpool.pool.timing.maintenance-interval", "1s"));
        keys = pool.keyClient();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) {
            pool.close();
        }
    }

    private static KeyVaultKey ecKey(String name) {
        return keys.createEcKey(new CreateEcKeyOptions(name).setCurveName(KeyCurveName.P_256).setHardwareProtected(true));
    }

    @Test
    void listsEveryKeyAcrossPagesAndEveryVersion() throws Exception {
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 27; i++) {
            made.add(ecKey(SdkPool.uniqueName("list" + i)).getName());
        }
        Set<String> listed = new HashSet<>();
        for (KeyProperties p : keys.listPropertiesOfKeys()) {
            assertThat(p.getId()).isEqualTo(pool.vaultUrl + "/keys/" + p.getName());
            assertThat(listed.add(p.getName())).as("listed once: " + p.getName()).isTrue();
        }
        assertThat(listed).containsAll(made);

        // the raw pages: at most maxresults items and a nextLink that leads on
        List<String> paged = new ArrayList<>();
        String next = "/keys?maxresults=10";
        int pages = 0;
        while (next != null) {
            HttpResponse<String> page = pool.send("GET", next, null);
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(page.body());
            assertThat(body.get("value").size()).isLessThanOrEqualTo(10);
            body.get("value").forEach(item -> paged.add(item.get("kid").asText()));
            JsonNode link = body.get("nextLink");
            next = link == null || link.isNull() ? null : link.asText().substring(pool.vaultUrl.length())
                    .replaceFirst("api-version=[^&]*&", "");
            pages++;
        }
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(paged).doesNotHaveDuplicates().hasSize(listed.size());

        String name = made.iterator().next();
        KeyVaultKey second = keys.rotateKey(name);
        KeyVaultKey third = keys.rotateKey(name);
        List<String> versions = new ArrayList<>();
        keys.listPropertiesOfKeyVersions(name).forEach(p -> versions.add(p.getVersion()));
        assertThat(versions).hasSize(3).contains(second.getProperties().getVersion(), third.getProperties().getVersion());
    }

    @Test
    void badPageParametersAre400() throws Exception {
        for (String query : List.of("/keys?maxresults=0", "/keys?maxresults=26", "/keys?maxresults=abc",
                "/keys?$skiptoken=not-a-token", "/deletedkeys?maxresults=-1")) {
            HttpResponse<String> reply = pool.send("GET", query, null);
            assertThat(reply.statusCode()).as(query).isEqualTo(400);
            assertThat(JSON.readTree(reply.body()).at("/error/code").asText()).as(query).isEqualTo("BadParameter");
        }
    }

    @Test
    void updateChangesAttributesAndTheyAreEnforced() throws Exception {
        KeyVaultKey key = ecKey(SdkPool.uniqueName("update"));
        CryptographyClient crypto = pool.cryptographyClient(key.getId());
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("update".getBytes());
        byte[] signature = crypto.sign(SignatureAlgorithm.ES256, digest).getSignature();

        KeyProperties disabled = keys.updateKeyProperties(key.getProperties().setEnabled(false)
                .setTags(Map.of("state", "off"))).getProperties();
        assertThat(disabled.isEnabled()).isFalse();
        assertThat(disabled.getTags()).isEqualTo(Map.of("state", "off"));
        assertThat(disabled.getUpdatedOn()).isAfterOrEqualTo(key.getProperties().getUpdatedOn());
        assertThatThrownBy(() -> crypto.sign(SignatureAlgorithm.ES256, digest))
                .isInstanceOfSatisfying(HttpResponseException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("KeyDisabled");
                });

        OffsetDateTime past = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).truncatedTo(ChronoUnit.SECONDS);
        KeyProperties expired = keys.updateKeyProperties(keys.getKey(key.getName()).getProperties().setEnabled(true)
                .setExpiresOn(past)).getProperties();
        assertThat(expired.getExpiresOn()).isEqualTo(past);
        assertThat(expired.getTags()).as("tags left out of a PATCH stay").isEqualTo(Map.of("state", "off"));
        assertThatThrownBy(() -> crypto.sign(SignatureAlgorithm.ES256, digest))
                .isInstanceOfSatisfying(HttpResponseException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(403));
        assertThat(crypto.verify(SignatureAlgorithm.ES256, digest, signature).isValid())
                .as("verify still works outside nbf..exp").isTrue();

        OffsetDateTime future = OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).truncatedTo(ChronoUnit.SECONDS);
        keys.updateKeyProperties(keys.getKey(key.getName()).getProperties().setExpiresOn(future.plusDays(1))
                .setNotBefore(future));
        assertThatThrownBy(() -> crypto.sign(SignatureAlgorithm.ES256, digest))
                .as("not yet valid").isInstanceOf(HttpResponseException.class);

        keys.updateKeyProperties(keys.getKey(key.getName()).getProperties()
                .setNotBefore(OffsetDateTime.now(ZoneOffset.UTC).minusDays(1)), KeyOperation.VERIFY);
        assertThat(keys.getKey(key.getName()).getKeyOperations()).containsExactly(KeyOperation.VERIFY);
        assertThatThrownBy(() -> crypto.sign(SignatureAlgorithm.ES256, digest))
                .as("sign is no longer in key_ops").isInstanceOf(HttpResponseException.class);

        // an empty key_ops leaves them as they are; an operation the key type cannot do is refused
        HttpResponse<String> empty = pool.send("PATCH", "/keys/" + key.getName() + "/", "{\"key_ops\":[]}");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(empty.body()).at("/key/key_ops").toString()).isEqualTo("[\"verify\"]");
        HttpResponse<String> encrypt = pool.send("PATCH", "/keys/" + key.getName() + "/" + key.getProperties()
                .getVersion(), "{\"key_ops\":[\"encrypt\"]}");
        assertThat(encrypt.statusCode()).isEqualTo(400);
        HttpResponse<String> badOrder = pool.send("PATCH", "/keys/" + key.getName() + "/",
                "{\"attributes\":{\"nbf\":2000000000,\"exp\":1900000000}}");
        assertThat(badOrder.statusCode()).isEqualTo(400);
        assertThat(keys.getKey(key.getName()).getProperties().getExpiresOn()).isEqualTo(future.plusDays(1));
        HttpResponse<String> missing = pool.send("PATCH", "/keys/" + SdkPool.uniqueName("none") + "/",
                "{\"attributes\":{\"enabled\":false}}");
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void deletedKeysAreListedWithTheConfiguredRetention() {
        List<String> names = List.of(SdkPool.uniqueName("gone"), SdkPool.uniqueName("gone"));
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (String name : names) {
            ecKey(name);
            keys.beginDeleteKey(name).waitForCompletion(Duration.ofSeconds(30));
        }
        Map<String, DeletedKey> listed = new java.util.HashMap<>();
        keys.listDeletedKeys().forEach(d -> listed.put(d.getName(), d));
        assertThat(listed).containsKeys(names.get(0), names.get(1));
        DeletedKey deleted = listed.get(names.get(0));
        assertThat(deleted.getRecoveryId()).isEqualTo(pool.vaultUrl + "/deletedkeys/" + names.get(0));
        assertThat(deleted.getDeletedOn().toInstant()).isAfterOrEqualTo(before);
        assertThat(Duration.between(deleted.getDeletedOn(), deleted.getScheduledPurgeDate()))
                .isEqualTo(Duration.ofDays(7));
        assertThat(deleted.getProperties().getRecoverableDays()).isEqualTo(7);
        assertThat(deleted.getProperties().getRecoveryLevel()).isEqualTo("CustomizedRecoverable+Purgeable");
        for (KeyProperties live : keys.listPropertiesOfKeys()) {
            assertThat(live.getName()).isNotIn(names);
        }
    }

    @Test
    void rotationPolicyRoundTripsAndRotatesAutomatically() throws Exception {
        KeyVaultKey key = ecKey(SdkPool.uniqueName("autorotate"));
        KeyRotationPolicy initial = keys.getKeyRotationPolicy(key.getName());
        assertThat(initial.getLifetimeActions()).hasSize(1);
        assertThat(initial.getLifetimeActions().get(0).getAction()).isEqualTo(KeyRotationPolicyAction.NOTIFY);

        KeyRotationPolicy set = keys.updateKeyRotationPolicy(key.getName(), new KeyRotationPolicy()
                .setLifetimeActions(List.of(new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE)
                        .setTimeAfterCreate("PT4S")))
                .setExpiresIn("PT1H"));
        assertThat(set.getId()).isEqualTo(pool.vaultUrl + "/keys/" + key.getName() + "/rotationpolicy");
        assertThat(set.getExpiresIn()).isEqualTo("PT1H");
        assertThat(set.getLifetimeActions().get(0).getTimeAfterCreate()).isEqualTo("PT4S");
        assertThat(set.getCreatedOn()).isNotNull();
        assertThat(keys.getKeyRotationPolicy(key.getName()).getLifetimeActions().get(0).getAction())
                .isEqualTo(KeyRotationPolicyAction.ROTATE);

        Instant until = Instant.now().plusSeconds(30);
        KeyVaultKey latest = key;
        while (Instant.now().isBefore(until) && latest.getProperties().getVersion().equals(
                key.getProperties().getVersion())) {
            Thread.sleep(500);
            latest = keys.getKey(key.getName());
        }
        assertThat(latest.getProperties().getVersion()).as("the pool rotated the key by itself")
                .isNotEqualTo(key.getProperties().getVersion());
        assertThat(latest.getProperties().getExpiresOn()).as("the new version expires after the policy's expiryTime")
                .isBetween(OffsetDateTime.now().plusMinutes(55), OffsetDateTime.now().plusMinutes(61));
        assertThat(latest.getKeyOperations()).containsExactlyInAnyOrderElementsOf(key.getKeyOperations());
        String logged = "rotated key " + key.getName() + " by its rotation policy";
        for (int i = 0; i < 50 && !pool.managerLog().contains(logged); i++) {
            Thread.sleep(100); // the line is written just after the new version is visible
        }
        assertThat(pool.managerLog()).contains(logged);
        // stop it rotating every four seconds for the rest of the run
        keys.updateKeyRotationPolicy(key.getName(), new KeyRotationPolicy().setLifetimeActions(List.of()));
    }

    @Test
    void invalidRotationPoliciesAre400AndChangeNothing() throws Exception {
        KeyVaultKey key = ecKey(SdkPool.uniqueName("policy"));
        String path = "/keys/" + key.getName() + "/rotationpolicy";
        for (String body : List.of("{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P1X\"},"
                + "\"action\":{\"type\":\"Rotate\"}}]}",
                "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P1D\",\"timeBeforeExpiry\":\"P1D\"},"
                        + "\"action\":{\"type\":\"Rotate\"}}]}",
                "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P1D\"},\"action\":{\"type\":\"Explode\"}}]}",
                "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"-P1D\"},\"action\":{\"type\":\"Rotate\"}}]}",
                "{\"lifetimeActions\":[{\"trigger\":{\"timeBeforeExpiry\":\"P30D\"},\"action\":{\"type\":\"Rotate\"}}],"
                        + "\"attributes\":{\"expiryTime\":\"P10D\"}}",
                "{\"lifetimeActions\":{}}", "[]")) {
            HttpResponse<String> reply = pool.send("PUT", path, body);
            assertThat(reply.statusCode()).as(body).isEqualTo(400);
            assertThat(JSON.readTree(reply.body()).at("/error/code").asText()).as(body).isEqualTo("BadParameter");
        }
        assertThat(keys.getKeyRotationPolicy(key.getName()).getCreatedOn()).as("still the default").isNull();
        assertThat(pool.send("GET", "/keys/" + SdkPool.uniqueName("none") + "/rotationpolicy", null).statusCode())
                .isEqualTo(404);
    }

    // ---- import

    @Test
    void importedRsaEcAndAesKeysWorkWithTheMaterialTheClientBrought() throws Exception {
        java.security.KeyPairGenerator rsaGen = java.security.KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        java.security.KeyPair rsa = rsaGen.generateKeyPair();
        KeyVaultKey importedRsa = keys.importKey(SdkPool.uniqueName("imp-rsa"),
                com.azure.security.keyvault.keys.models.JsonWebKey.fromRsa(rsa));
        assertThat(importedRsa.getKey().hasPrivateKey()).isFalse();
        assertThat(importedRsa.getKey().getD()).isNull();
        assertThat(new java.math.BigInteger(1, importedRsa.getKey().getN()))
                .isEqualTo(((java.security.interfaces.RSAPublicKey) rsa.getPublic()).getModulus());
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("imported".getBytes());
        byte[] rs256 = pool.cryptographyClient(importedRsa.getId()).sign(SignatureAlgorithm.RS256, digest)
                .getSignature();
        java.security.Signature jdk = java.security.Signature.getInstance("SHA256withRSA");
        jdk.initVerify(rsa.getPublic());
        jdk.update("imported".getBytes());
        assertThat(jdk.verify(rs256)).as("signed in the token with the client's own key").isTrue();
        javax.crypto.Cipher oaep = javax.crypto.Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        oaep.init(javax.crypto.Cipher.ENCRYPT_MODE, rsa.getPublic());
        byte[] secret = "a secret for the imported key".getBytes();
        assertThat(pool.cryptographyClient(importedRsa.getId()).decrypt(
                com.azure.security.keyvault.keys.cryptography.models.EncryptionAlgorithm.RSA_OAEP,
                oaep.doFinal(secret)).getPlainText()).isEqualTo(secret);

        java.security.KeyPairGenerator ecGen = java.security.KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
        java.security.KeyPair ec = ecGen.generateKeyPair();
        KeyVaultKey importedEc = keys.importKey(SdkPool.uniqueName("imp-ec"),
                com.azure.security.keyvault.keys.models.JsonWebKey.fromEc(ec, java.security.Security.getProvider("SunEC"))
                        .setCurveName(KeyCurveName.P_384));
        byte[] digest384 = MessageDigest.getInstance("SHA-384").digest("imported".getBytes());
        byte[] es384 = pool.cryptographyClient(importedEc.getId()).sign(SignatureAlgorithm.ES384, digest384)
                .getSignature();
        java.security.Signature ecdsa = java.security.Signature.getInstance("SHA384withECDSAinP1363Format");
        ecdsa.initVerify(ec.getPublic());
        ecdsa.update("imported".getBytes());
        assertThat(ecdsa.verify(es384)).isTrue();

        javax.crypto.KeyGenerator aesGen = javax.crypto.KeyGenerator.getInstance("AES");
        aesGen.init(256);
        javax.crypto.SecretKey aes = aesGen.generateKey();
        KeyVaultKey importedAes = keys.importKey(SdkPool.uniqueName("imp-aes"),
                com.azure.security.keyvault.keys.models.JsonWebKey.fromAes(aes)
                        .setKeyOps(List.of(KeyOperation.ENCRYPT, KeyOperation.DECRYPT)));
        assertThat(importedAes.getKey().getK()).as("the AES key is never shown").isNull();
        var gcm = pool.cryptographyClient(importedAes.getId()).encrypt(
                com.azure.security.keyvault.keys.cryptography.models.EncryptParameters.createA256GcmParameters(secret), com.azure.core.util.Context.NONE);
        javax.crypto.Cipher local = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        local.init(javax.crypto.Cipher.DECRYPT_MODE, aes, new javax.crypto.spec.GCMParameterSpec(128, gcm.getIv()));
        byte[] sealed = java.util.Arrays.copyOf(gcm.getCipherText(), gcm.getCipherText().length
                + gcm.getAuthenticationTag().length);
        System.arraycopy(gcm.getAuthenticationTag(), 0, sealed, gcm.getCipherText().length,
                gcm.getAuthenticationTag().length);
        assertThat(local.doFinal(sealed)).as("encrypted in the token under the client's AES key").isEqualTo(secret);
    }

    @Test
    void badImportsAre400AndCreateNothing() throws Exception {
        java.security.KeyPairGenerator ecGen = java.security.KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        var one = (java.security.interfaces.ECPrivateKey) ecGen.generateKeyPair().getPrivate();
        var other = (java.security.interfaces.ECPublicKey) ecGen.generateKeyPair().getPublic();
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String mismatched = "{\"key\":{\"kty\":\"EC\",\"crv\":\"P-256\",\"d\":\""
                + b64.encodeToString(fixed(one.getS(), 32)) + "\",\"x\":\""
                + b64.encodeToString(fixed(other.getW().getAffineX(), 32)) + "\",\"y\":\""
                + b64.encodeToString(fixed(other.getW().getAffineY(), 32)) + "\"}}";
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("public half of another key", mismatched);
        bodies.put("no key", "{\"attributes\":{}}");
        bodies.put("RSA without d", "{\"key\":{\"kty\":\"RSA\",\"n\":\"" + b64.encodeToString(new byte[256])
                + "\",\"e\":\"AQAB\"}}");
        bodies.put("short AES", "{\"key\":{\"kty\":\"oct\",\"k\":\"" + b64.encodeToString(new byte[20]) + "\"}}");
        bodies.put("EC without crv", "{\"key\":{\"kty\":\"EC\",\"d\":\"AQ\",\"x\":\"AQ\",\"y\":\"AQ\"}}");
        bodies.put("BYOK blob", "{\"key\":{\"kty\":\"RSA-HSM\",\"key_hsm\":\"AQID\"}}");
        bodies.put("bad base64url", "{\"key\":{\"kty\":\"oct\",\"k\":\"***\"}}");
        for (var body : bodies.entrySet()) {
            String name = SdkPool.uniqueName("badimport");
            HttpResponse<String> reply = pool.send("PUT", "/keys/" + name, body.getValue());
            assertThat(reply.statusCode()).as(body.getKey() + ": " + reply.body()).isEqualTo(400);
            assertThat(JSON.readTree(reply.body()).at("/error/code").asText()).isEqualTo("BadParameter");
            assertThat(pool.send("GET", "/keys/" + name + "/", null).statusCode()).as(body.getKey()).isEqualTo(404);
        }
    }

    private static byte[] fixed(java.math.BigInteger v, int length) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[length];
        int n = Math.min(b.length, length);
        System.arraycopy(b, b.length - n, out, length - n, n);
        return out;
    }

    // ---- backup and restore

    @Test
    void backupRestoresEveryVersionUnderAFreeNameOnly() throws Exception {
        String name = SdkPool.uniqueName("backup");
        KeyVaultKey first = ecKey(name);
        KeyVaultKey second = keys.rotateKey(name);
        keys.updateKeyRotationPolicy(name, new KeyRotationPolicy().setLifetimeActions(List.of(
                new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE).setTimeAfterCreate("P30D"))));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("backup".getBytes());
        byte[] signature = pool.cryptographyClient(first.getId()).sign(SignatureAlgorithm.ES256, digest).getSignature();
        byte[] backup = keys.backupKey(name);
        assertThat(new String(backup, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("\"d\"");

        assertThatThrownBy(() -> keys.restoreKeyBackup(backup)).as("the name is taken")
                .isInstanceOfSatisfying(HttpResponseException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(409));
        keys.beginDeleteKey(name).waitForCompletion(Duration.ofSeconds(30));
        assertThatThrownBy(() -> keys.restoreKeyBackup(backup)).as("the name is deleted, not free")
                .isInstanceOfSatisfying(HttpResponseException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(409));
        keys.purgeDeletedKey(name);

        byte[] tampered = backup.clone();
        tampered[tampered.length / 2] ^= 1;
        for (byte[] bad : List.of(tampered, "not a backup".getBytes(), java.util.Arrays.copyOf(backup, 40))) {
            assertThatThrownBy(() -> keys.restoreKeyBackup(bad))
                    .isInstanceOfSatisfying(HttpResponseException.class,
                            e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(400));
        }
        assertThat(pool.send("GET", "/keys/" + name + "/", null).statusCode()).as("bad backups left nothing")
                .isEqualTo(404);

        KeyVaultKey restored = keys.restoreKeyBackup(backup);
        assertThat(restored.getProperties().getVersion()).isEqualTo(second.getProperties().getVersion());
        assertThat(restored.getKey().getX()).isEqualTo(second.getKey().getX());
        List<String> versions = new ArrayList<>();
        keys.listPropertiesOfKeyVersions(name).forEach(p -> versions.add(p.getVersion()));
        assertThat(versions).containsExactly(first.getProperties().getVersion(), second.getProperties().getVersion());
        assertThat(pool.cryptographyClient(first.getId()).verify(SignatureAlgorithm.ES256, digest, signature).isValid())
                .isTrue();
        assertThat(pool.cryptographyClient(first.getId()).sign(SignatureAlgorithm.ES256, digest).getSignature())
                .as("the old version signs again, on the restored key material").isNotEmpty();
        assertThat(keys.getKeyRotationPolicy(name).getLifetimeActions().get(0).getTimeAfterCreate()).isEqualTo("P30D");
    }

    @Test
    void aBackupIsRefusedByAPoolOfAnotherSecurityDomain() throws Exception {
        String name = SdkPool.uniqueName("foreign");
        ecKey(name);
        byte[] backup = keys.backupKey(name);
        try (org.hsmpool.testkit.PoolHarness other = new org.hsmpool.testkit.PoolHarness("other-domain", 1)) {
            other.activate();
            other.awaitNodes("HEALTHY", 1, Duration.ofSeconds(30));
            var http = java.net.http.HttpClient.newBuilder()
                    .sslContext(PoolTrust.sslContext(other.pool.caFile())).build();
            String body = "{\"value\":\"" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(backup)
                    + "\"}";
            HttpResponse<String> reply = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "https://localhost:" + other.manager.port() + "/keys/restore?api-version=7.5"))
                    .header("Authorization", "Bearer " + org.hsmpool.testkit.PoolHarness.TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).isEqualTo(400);
            assertThat(reply.body()).contains("another security domain");
        }
    }
}
