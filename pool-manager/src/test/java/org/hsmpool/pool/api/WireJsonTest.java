package org.hsmpool.pool.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.pool.keys.ManagedKey;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The answers exactly as Key Vault writes them: member names, Unix seconds, absent rather than null. */
class WireJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KID = "https://localhost:8443/keys/k1/0123456789abcdef0123456789abcdef";
    private static final Instant CREATED = Instant.parse("2024-05-01T10:00:00.750Z");

    private static ManagedKey key(String keyType, Map<String, Object> jwk, List<String> ops, Instant nbf, Instant exp,
            Map<String, String> tags, boolean managed) {
        return new ManagedKey("k1", "0123456789abcdef0123456789abcdef", keyType, jwk, ops, true, nbf, exp, CREATED,
                CREATED.plusSeconds(60), "Recoverable+Purgeable", 90, tags, managed);
    }

    private static String json(Object value) throws JsonProcessingException {
        return JSON.writeValueAsString(value);
    }

    @Test
    void anRsaKeyBundle() throws Exception {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA-HSM");
        jwk.put("n", "2HJAE5fU3Cw");
        jwk.put("e", "AQAB");
        ManagedKey key = key("RSA-HSM", jwk, List.of("sign", "verify"), null, null, Map.of(), false);
        assertThat(json(KeyBundle.of(key, KID))).isEqualTo("{\"key\":{\"kid\":\"" + KID + "\",\"kty\":\"RSA-HSM\","
                + "\"key_ops\":[\"sign\",\"verify\"],\"n\":\"2HJAE5fU3Cw\",\"e\":\"AQAB\"},"
                + "\"attributes\":{\"enabled\":true,\"created\":1714557600,\"updated\":1714557660,"
                + "\"recoveryLevel\":\"Recoverable+Purgeable\",\"recoverableDays\":90}}");
    }

    @Test
    void anEcKeyBundleWithValidityTagsAndManaged() throws Exception {
        Map<String, Object> jwk = Map.of("kty", "EC-HSM", "crv", "P-384", "x", "eA", "y", "eQ");
        ManagedKey key = key("EC-HSM", jwk, List.of("sign"), Instant.ofEpochSecond(1_700_000_000L),
                Instant.ofEpochSecond(1_800_000_000L), Map.of("purpose", "test"), true);
        assertThat(json(KeyBundle.of(key, KID))).isEqualTo("{\"key\":{\"kid\":\"" + KID + "\",\"kty\":\"EC-HSM\","
                + "\"key_ops\":[\"sign\"],\"crv\":\"P-384\",\"x\":\"eA\",\"y\":\"eQ\"},"
                + "\"attributes\":{\"enabled\":true,\"nbf\":1700000000,\"exp\":1800000000,\"created\":1714557600,"
                + "\"updated\":1714557660,\"recoveryLevel\":\"Recoverable+Purgeable\",\"recoverableDays\":90},"
                + "\"tags\":{\"purpose\":\"test\"},\"managed\":true}");
    }

    @Test
    void aSymmetricKeyShowsNoKeyMaterialAndPrivateMembersAreNeverShown() throws Exception {
        Map<String, Object> jwk = Map.of("kty", "oct-HSM", "k", "c2VjcmV0", "d", "cHJpdmF0ZQ", "n", 42);
        String text = json(KeyBundle.of(key("oct-HSM", jwk, List.of("wrapKey"), null, null, null, false), KID));
        assertThat(text).startsWith("{\"key\":{\"kid\":\"" + KID + "\",\"kty\":\"oct-HSM\",\"key_ops\":[\"wrapKey\"]},")
                .doesNotContain("c2VjcmV0", "cHJpdmF0ZQ", "\"k\"", "\"d\"", "\"n\"", "null", "tags", "managed");
    }

    @Test
    void anAkpKeyBundleCarriesAlgAndPubAndSaysTheNodeProcessHoldsIt() throws Exception {
        Map<String, Object> jwk = Map.of("kty", "AKP-HSM", "alg", "ML-DSA-44", "pub", "cHVi", "priv", "c2VlZA");
        String text = json(KeyBundle.of(key("AKP-HSM", jwk, List.of("sign", "verify"), null, null, Map.of(), false),
                KID));
        assertThat(text).isEqualTo("{\"key\":{\"kid\":\"" + KID + "\",\"kty\":\"AKP-HSM\","
                + "\"key_ops\":[\"sign\",\"verify\"],\"alg\":\"ML-DSA-44\",\"pub\":\"cHVi\"},"
                + "\"attributes\":{\"enabled\":true,\"created\":1714557600,\"updated\":1714557660,"
                + "\"recoveryLevel\":\"Recoverable+Purgeable\",\"recoverableDays\":90,"
                + "\"hsmPlatform\":\"hsmpool-node-process-sealed\"}}");
    }

    @Test
    void operationResults() throws Exception {
        assertThat(json(KeyOperationResult.of(KID, new byte[] { 1, 0, 1 })))
                .isEqualTo("{\"kid\":\"" + KID + "\",\"value\":\"AQAB\"}");
        assertThat(json(KeyOperationResult.encrypted(KID, new byte[] { 1 }, new byte[0], new byte[0], null)))
                .isEqualTo("{\"kid\":\"" + KID + "\",\"value\":\"AQ\"}");
        assertThat(json(KeyOperationResult.encrypted(KID, new byte[] { 1 }, new byte[] { 2 }, new byte[] { 3 },
                new byte[] { 4 }))).isEqualTo("{\"kid\":\"" + KID + "\",\"value\":\"AQ\",\"iv\":\"Ag\",\"tag\":\"Aw\","
                        + "\"aad\":\"BA\"}");
        assertThat(json(new KeyVerifyResult(true))).isEqualTo("{\"value\":true}");
        assertThat(json(new KeyVerifyResult(false))).isEqualTo("{\"value\":false}");
        assertThat(json(RandomBytes.of("1234".getBytes()))).isEqualTo("{\"value\":\"MTIzNA\"}");
    }

    @Test
    void theErrorBody() throws Exception {
        assertThat(json(ErrorBody.of("KeyNotFound", "no such key")))
                .isEqualTo("{\"error\":{\"code\":\"KeyNotFound\",\"message\":\"no such key\"}}");
    }
}
