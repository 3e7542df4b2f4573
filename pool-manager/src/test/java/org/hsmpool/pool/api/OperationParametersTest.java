package org.hsmpool.pool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.pool.api.Requests.read;
import static org.hsmpool.pool.api.Requests.rejected;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bodies of sign, verify, encrypt/decrypt/wrapkey/unwrapkey and rng, as the Azure SDK writes them. */
class OperationParametersTest {

    @Test
    void signTakesAlgAndTheDigestInValue() {
        KeySignParameters p = read("{\"alg\":\"ES256K\",\"value\":\"AQAB\"}", KeySignParameters.class);
        assertThat(p.alg().wire()).isEqualTo("ES256K");
        assertThat(p.digest()).containsExactly(1, 0, 1);
    }

    @Test
    void verifyTakesTheDigestAndTheSignatureInValue() {
        KeyVerifyParameters p = read("{\"alg\":\"PS512\",\"digest\":\"AQ\",\"value\":\"Ag\"}",
                KeyVerifyParameters.class);
        assertThat(p.alg().wire()).isEqualTo("PS512");
        assertThat(p.digest()).containsExactly(1);
        assertThat(p.signature()).containsExactly(2);
        assertThat(rejected(() -> read("{\"alg\":\"PS512\",\"value\":\"Ag\"}", KeyVerifyParameters.class))
                .getMessage()).isEqualTo("digest is required");
    }

    @Test
    void encryptionTakesOptionalIvAadAndTag() {
        KeyOperationsParameters p = read("{\"alg\":\"A256GCM\",\"value\":\"AQ\",\"iv\":\"Ag\",\"aad\":\"Aw\",\"tag\":\"BA\"}",
                KeyOperationsParameters.class);
        assertThat(p.alg().wire()).isEqualTo("A256GCM");
        assertThat(p.value()).containsExactly(1);
        assertThat(p.iv()).containsExactly(2);
        assertThat(p.aad()).containsExactly(3);
        assertThat(p.tag()).containsExactly(4);
        KeyOperationsParameters rsa = read("{\"alg\":\"RSA-OAEP-256\",\"value\":\"AQ\"}",
                KeyOperationsParameters.class);
        assertThat(rsa.iv()).isNull();
        assertThat(rsa.aad()).isNull();
        assertThat(rsa.tag()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "RSA-OAEP", "RSA-OAEP-256", "RSA1_5", "A128GCM", "A192KW", "A256CBCPAD",
            "CKM_AES_KEY_WRAP_PAD" })
    void everyEncryptionAlgorithmOfTheSpecificationIsAccepted(String alg) {
        assertThat(read("{\"alg\":\"" + alg + "\",\"value\":\"\"}", KeyOperationsParameters.class).alg().wire())
                .isEqualTo(alg);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "{\"value\":\"AQ\"}", "{\"alg\":\"RS256\",\"value\":\"AQ\"}",
            "{\"alg\":\"A256GCM\"}", "{\"alg\":\"A256GCM\",\"value\":\"AQ==\"}",
            "{\"alg\":\"A256GCM\",\"value\":\"AQ\",\"iv\":\"+/\"}", "{\"alg\":\"A256GCM\",\"value\":5}",
            "{\"alg\":\"a256gcm\",\"value\":\"AQ\"}" })
    void aWrongEncryptionBodyIsBadParameter(String json) {
        assertThat(rejected(() -> read(json, KeyOperationsParameters.class)).code()).isEqualTo("BadParameter");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "{\"alg\":\"RSA-OAEP\",\"value\":\"AQ\"}", "{\"alg\":\"HS256\",\"value\":\"AQ\"}",
            "{\"alg\":\"RS256\"}", "{\"alg\":\"RS256\",\"value\":\"A\"}", "{\"alg\":\"RS256\",\"value\":null}" })
    void aWrongSignBodyIsBadParameter(String json) {
        assertThat(rejected(() -> read(json, KeySignParameters.class)).code()).isEqualTo("BadParameter");
    }

    @Test
    void randomBytesCountIsOneTo128() {
        assertThat(read("{\"count\":1}", GetRandomBytesRequest.class).count()).isEqualTo(1);
        assertThat(read("{\"count\":128}", GetRandomBytesRequest.class).count()).isEqualTo(128);
        for (String count : new String[] { "0", "129", "-1", "\"4\"", "4.0", "null" }) {
            assertThat(rejected(() -> read("{\"count\":" + count + "}", GetRandomBytesRequest.class)).getMessage())
                    .as(count).startsWith("count ");
        }
    }
}
