package org.hsmpool.pool.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateOctKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.DeletedKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;

/**
 * Issue 5, done-when 1 (key life cycle): the official Azure SDK for Java's {@link KeyClient}, over
 * HTTPS against an activated three-node pool, creates, reads, rotates, deletes, recovers and purges
 * keys, and gets the Key Vault errors it expects.
 */
class SdkKeyClientIT {
    private static SdkPool pool;
    private static KeyClient keys;

    @BeforeAll
    static void start() throws Exception {
        pool = SdkPool.shared();
        keys = pool.keyClient();
    }

    @ParameterizedTest
    @ValueSource(ints = {2048, 3072, 4096})
    void createsRsaKeysWithAttributesAndTagsThatRoundTrip(int size) {
        String name = SdkPool.uniqueName("rsa" + size);
        OffsetDateTime nbf = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).truncatedTo(ChronoUnit.SECONDS);
        OffsetDateTime exp = nbf.plusDays(30);
        KeyVaultKey created = keys.createRsaKey(new CreateRsaKeyOptions(name).setHardwareProtected(true)
                .setKeySize(size).setKeyOperations(KeyOperation.SIGN, KeyOperation.VERIFY)
                .setNotBefore(nbf).setExpiresOn(exp).setTags(Map.of("purpose", "sdk-test", "size", "" + size)));

        assertThat(created.getName()).isEqualTo(name);
        assertThat(created.getKeyType()).isEqualTo(KeyType.RSA_HSM);
        assertThat(created.getId()).startsWith(pool.vaultUrl + "/keys/" + name + "/");
        assertThat(created.getProperties().getVersion()).matches("[0-9a-f]{32}");
        assertThat(created.getKey().getN()).hasSizeBetween(size / 8, size / 8 + 1);
        assertThat(created.getKey().getE()).containsExactly(1, 0, 1);
        assertThat(created.getKey().hasPrivateKey()).isFalse();
        assertThat(created.getKeyOperations()).containsExactlyInAnyOrder(KeyOperation.SIGN, KeyOperation.VERIFY);
        assertThat(created.getProperties().isEnabled()).isTrue();
        assertThat(created.getProperties().getNotBefore()).isEqualTo(nbf);
        assertThat(created.getProperties().getExpiresOn()).isEqualTo(exp);
        assertThat(created.getProperties().getTags()).isEqualTo(Map.of("purpose", "sdk-test", "size", "" + size));
        assertThat(created.getProperties().getCreatedOn()).isNotNull();
        assertThat(created.getProperties().getRecoveryLevel()).isNotBlank();

        KeyVaultKey latest = keys.getKey(name);
        assertThat(latest.getId()).isEqualTo(created.getId());
        assertThat(latest.getKey().getN()).isEqualTo(created.getKey().getN());
        assertThat(latest.getProperties().getTags()).isEqualTo(created.getProperties().getTags());
        assertThat(latest.getProperties().getNotBefore()).isEqualTo(nbf);
        KeyVaultKey byVersion = keys.getKey(name, created.getProperties().getVersion());
        assertThat(byVersion.getId()).isEqualTo(created.getId());
        assertThat(byVersion.getKeyOperations()).containsExactlyInAnyOrder(KeyOperation.SIGN, KeyOperation.VERIFY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-256", "P-384", "P-521", "P-256K"})
    void createsEcKeysOnEveryCurve(String curve) {
        String name = SdkPool.uniqueName("ec");
        KeyVaultKey created = keys.createEcKey(new CreateEcKeyOptions(name).setHardwareProtected(true)
                .setCurveName(KeyCurveName.fromString(curve)));
        assertThat(created.getKeyType()).isEqualTo(KeyType.EC_HSM);
        assertThat(created.getKey().getCurveName()).isEqualTo(KeyCurveName.fromString(curve));
        int coordinate = curve.equals("P-521") ? 66 : curve.equals("P-384") ? 48 : 32;
        assertThat(created.getKey().getX()).hasSize(coordinate);
        assertThat(created.getKey().getY()).hasSize(coordinate);
        assertThat(created.getKey().hasPrivateKey()).isFalse();
        assertThat(created.getKeyOperations()).contains(KeyOperation.SIGN, KeyOperation.VERIFY);
        assertThat(keys.getKey(name).getKey().getX()).isEqualTo(created.getKey().getX());
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 192, 256})
    void createsOctKeysWithoutShowingTheMaterial(int size) {
        String name = SdkPool.uniqueName("oct" + size);
        KeyVaultKey created = keys.createOctKey(new CreateOctKeyOptions(name).setHardwareProtected(true)
                .setKeySize(size));
        assertThat(created.getKeyType()).isEqualTo(KeyType.OCT_HSM);
        assertThat(created.getKey().getK()).isNull();
        assertThat(created.getKeyOperations()).contains(KeyOperation.ENCRYPT, KeyOperation.DECRYPT,
                KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);
        assertThat(keys.getKey(name, created.getProperties().getVersion()).getKeyType()).isEqualTo(KeyType.OCT_HSM);
    }

    @Test
    void createKeyWithTheGenericOptions() {
        String name = SdkPool.uniqueName("generic");
        KeyVaultKey created = keys.createKey(name, KeyType.EC_HSM);
        assertThat(created.getKeyType()).isEqualTo(KeyType.EC_HSM);
        assertThat(created.getKey().getCurveName()).isNotNull();
    }

    @Test
    void rotateMakesANewLatestVersionAndKeepsTheOldOne() {
        String name = SdkPool.uniqueName("rot");
        KeyVaultKey first = keys.createEcKey(new CreateEcKeyOptions(name).setHardwareProtected(true)
                .setCurveName(KeyCurveName.P_384).setTags(Map.of("t", "1")));
        KeyVaultKey second = keys.rotateKey(name);
        assertThat(second.getName()).isEqualTo(name);
        assertThat(second.getProperties().getVersion()).matches("[0-9a-f]{32}")
                .isNotEqualTo(first.getProperties().getVersion());
        assertThat(second.getKey().getCurveName()).isEqualTo(KeyCurveName.P_384);
        assertThat(second.getKey().getX()).isNotEqualTo(first.getKey().getX());
        assertThat(second.getProperties().getTags()).isEqualTo(Map.of("t", "1"));
        assertThat(keys.getKey(name).getId()).isEqualTo(second.getId());
        assertThat(keys.getKey(name, first.getProperties().getVersion()).getKey().getX())
                .isEqualTo(first.getKey().getX());
    }

    @Test
    void deleteGetDeletedAndRecover() {
        String name = SdkPool.uniqueName("del");
        KeyVaultKey created = keys.createRsaKey(new CreateRsaKeyOptions(name).setHardwareProtected(true)
                .setKeySize(2048).setTags(Map.of("k", "v")));

        SyncPoller<DeletedKey, Void> deleting = keys.beginDeleteKey(name);
        PollResponse<DeletedKey> done = deleting.waitForCompletion(Duration.ofSeconds(60));
        assertThat(done.getStatus()).isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        DeletedKey deleted = deleting.poll().getValue();
        assertThat(deleted.getName()).isEqualTo(name);

        DeletedKey fetched = keys.getDeletedKey(name);
        assertThat(fetched.getName()).isEqualTo(name);
        assertThat(fetched.getId()).isEqualTo(created.getId());
        assertThat(fetched.getRecoveryId()).isEqualTo(pool.vaultUrl + "/deletedkeys/" + name);
        assertThat(fetched.getDeletedOn()).isNotNull();
        assertThat(fetched.getScheduledPurgeDate()).isAfter(fetched.getDeletedOn());
        assertThat(fetched.getKey().getN()).isEqualTo(created.getKey().getN());
        assertThat(fetched.getProperties().getTags()).isEqualTo(Map.of("k", "v"));

        assertThatThrownBy(() -> keys.getKey(name)).isInstanceOf(ResourceNotFoundException.class);
        HttpResponseException conflict = (HttpResponseException) org.assertj.core.api.Assertions
                .catchThrowable(() -> keys.createRsaKey(new CreateRsaKeyOptions(name).setKeySize(2048)));
        assertThat(conflict).isNotNull();
        assertThat(conflict.getResponse().getStatusCode()).isEqualTo(409);

        SyncPoller<KeyVaultKey, Void> recovering = keys.beginRecoverDeletedKey(name);
        assertThat(recovering.waitForCompletion(Duration.ofSeconds(60)).getStatus())
                .isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        KeyVaultKey recovered = keys.getKey(name);
        assertThat(recovered.getId()).isEqualTo(created.getId());
        assertThat(recovered.getKey().getN()).isEqualTo(created.getKey().getN());
        assertThat(recovered.getProperties().getTags()).isEqualTo(Map.of("k", "v"));
        assertThatThrownBy(() -> keys.getDeletedKey(name)).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void deleteAndPurgeFreesTheName() {
        String name = SdkPool.uniqueName("purge");
        KeyVaultKey first = keys.createOctKey(new CreateOctKeyOptions(name).setHardwareProtected(true).setKeySize(256));
        keys.beginDeleteKey(name).waitForCompletion(Duration.ofSeconds(60));
        keys.purgeDeletedKey(name);
        assertThatThrownBy(() -> keys.getDeletedKey(name)).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> keys.getKey(name, first.getProperties().getVersion()))
                .isInstanceOf(ResourceNotFoundException.class);
        KeyVaultKey again = keys.createOctKey(new CreateOctKeyOptions(name).setHardwareProtected(true).setKeySize(128));
        assertThat(again.getProperties().getVersion()).isNotEqualTo(first.getProperties().getVersion());
    }

    @Test
    void missingKeysAreKeyNotFound() {
        ResourceNotFoundException missing = (ResourceNotFoundException) org.assertj.core.api.Assertions
                .catchThrowable(() -> keys.getKey("no-such-key"));
        assertThat(missing).isNotNull();
        assertThat(missing.getResponse().getStatusCode()).isEqualTo(404);
        assertThat(missing.getMessage()).contains("KeyNotFound");
        assertThatThrownBy(() -> keys.getKey("no-such-key", "0123456789abcdef0123456789abcdef"))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> keys.getDeletedKey("no-such-key")).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> keys.rotateKey("no-such-key")).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> keys.purgeDeletedKey("no-such-key")).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void badCreateParametersAre400NotServerErrors() {
        for (Runnable bad : List.<Runnable>of(
                () -> keys.createRsaKey(new CreateRsaKeyOptions(SdkPool.uniqueName("bad")).setKeySize(1024)),
                () -> keys.createOctKey(new CreateOctKeyOptions(SdkPool.uniqueName("bad")).setKeySize(512)),
                () -> keys.createEcKey(new CreateEcKeyOptions(SdkPool.uniqueName("bad"))
                        .setCurveName(KeyCurveName.fromString("P-999"))),
                () -> keys.createRsaKey(new CreateRsaKeyOptions(SdkPool.uniqueName("bad")).setKeySize(2048)
                        .setPublicExponent(3)),
                () -> keys.createRsaKey(new CreateRsaKeyOptions("bad_name_with_underscore").setKeySize(2048)))) {
            HttpResponseException e = (HttpResponseException) org.assertj.core.api.Assertions.catchThrowable(bad::run);
            assertThat(e).isNotNull();
            assertThat(e.getResponse().getStatusCode()).as(e.getMessage()).isEqualTo(400);
            assertThat(e.getMessage()).contains("BadParameter");
        }
    }

    @Test
    void randomBytes() {
        byte[] a = keys.getRandomBytes(32);
        byte[] b = keys.getRandomBytes(32);
        assertThat(a).hasSize(32);
        assertThat(b).hasSize(32).isNotEqualTo(a);
        assertThat(keys.getRandomBytes(128)).hasSize(128);
        HttpResponseException e = (HttpResponseException) org.assertj.core.api.Assertions
                .catchThrowable(() -> keys.getRandomBytes(129));
        assertThat(e).isNotNull();
        assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
    }

    // ---- key attestation (issue 20)

    @Test
    void generatedAndImportedKeysOfEveryTypeCarryAttestationsThatVerifyWithThePoolCa() throws Exception {
        java.security.KeyPairGenerator rsaGen = java.security.KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        List<KeyVaultKey> made = List.of(
                keys.createRsaKey(new CreateRsaKeyOptions(SdkPool.uniqueName("att-rsa")).setKeySize(3072)
                        .setHardwareProtected(true)),
                keys.createEcKey(new CreateEcKeyOptions(SdkPool.uniqueName("att-ec")).setCurveName(KeyCurveName.P_384)
                        .setHardwareProtected(true)),
                keys.createEcKey(new CreateEcKeyOptions(SdkPool.uniqueName("att-k")).setCurveName(KeyCurveName.P_256K)
                        .setHardwareProtected(true)),
                keys.createOctKey(new CreateOctKeyOptions(SdkPool.uniqueName("att-oct")).setKeySize(256)
                        .setHardwareProtected(true)),
                keys.importKey(SdkPool.uniqueName("att-imp"), com.azure.security.keyvault.keys.models.JsonWebKey
                        .fromRsa(rsaGen.generateKeyPair())));
        for (KeyVaultKey key : made) {
            KeyVaultKey attested = keys.getKeyAttestation(key.getName());
            var a = attested.getProperties().getKeyAttestation();
            assertThat(a).as(key.getName()).isNotNull();
            assertThat(a.getVersion()).isEqualTo("1.0");
            assertThat(new String(a.getCertificatePemFile(), java.nio.charset.StandardCharsets.US_ASCII))
                    .startsWith("-----BEGIN CERTIFICATE-----");
            var verified = KeyAttestations.verify(a, pool);
            var statement = verified.statement();
            assertThat(verified.node().name()).startsWith("node-");
            assertThat(statement.path("key_id").asText()).isEqualTo(key.getProperties().getVersion());
            assertThat(statement.path("token_attributes").path("CKA_SENSITIVE").asBoolean()).isTrue();
            assertThat(statement.path("protection").asText()).isEqualTo("hsm");
            String thumbprint = KeyAttestations.thumbprint(key.getKey());
            if (thumbprint != null) {
                assertThat(statement.path("public_key_thumbprint").asText()).as(key.getName()).isEqualTo(thumbprint);
            }
        }
        // the version given is the version attested
        KeyVaultKey first = made.get(1);
        KeyVaultKey rotated = keys.rotateKey(first.getName());
        var old = keys.getKeyAttestationWithResponse(first.getName(), first.getProperties().getVersion(),
                com.azure.core.util.Context.NONE).getValue().getProperties().getKeyAttestation();
        assertThat(KeyAttestations.verify(old, pool).statement().path("key_id").asText())
                .isEqualTo(first.getProperties().getVersion()).isNotEqualTo(rotated.getProperties().getVersion());
    }

    @Test
    void anAlteredAttestationOrAnotherPoolsCaIsRefusedAndAMissingKeyIs404() throws Exception {
        KeyVaultKey key = keys.createEcKey(new CreateEcKeyOptions(SdkPool.uniqueName("att-bad"))
                .setCurveName(KeyCurveName.P_256).setHardwareProtected(true));
        var a = keys.getKeyAttestation(key.getName()).getProperties().getKeyAttestation();
        byte[] document = a.getPrivateKeyAttestation();
        var parsed = org.hsmpool.nodeapi.pki.KeyAttestationDocument.parse(document);
        byte[] statement = parsed.statement();
        statement[10] ^= 1;
        var altered = new org.hsmpool.nodeapi.pki.KeyAttestationDocument(statement, parsed.signature(),
                parsed.attestationKey(), parsed.endorsementAlgorithm(), parsed.endorsement());
        var chain = KeyAttestations.chain(a);
        assertThatThrownBy(() -> altered.verify(chain, List.of(pool.harness.pool.ca().certificate())))
                .isInstanceOf(java.security.SignatureException.class);
        var otherCa = org.hsmpool.nodeapi.pki.PoolCa.create("other", Duration.ofDays(1));
        assertThatThrownBy(() -> parsed.verify(chain, List.of(otherCa.certificate())))
                .isInstanceOf(java.security.SignatureException.class).hasMessageContaining("not issued by the pool CA");
        HttpResponseException missing = (HttpResponseException) org.assertj.core.api.Assertions.catchThrowable(
                () -> keys.getKeyAttestation(SdkPool.uniqueName("att-none")));
        assertThat(missing.getResponse().getStatusCode()).isEqualTo(404);
    }
}
