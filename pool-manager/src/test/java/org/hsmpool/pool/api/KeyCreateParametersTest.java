package org.hsmpool.pool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.pool.api.Requests.read;
import static org.hsmpool.pool.api.Requests.rejected;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hsmpool.pool.keys.NewKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyCreateParametersTest {

    private static NewKey create(String json) {
        return read(json, KeyCreateParameters.class).toNewKey();
    }

    @Test
    void everyMemberTheSdkSendsIsRead() {
        NewKey key = create(("""
                {"kty":"RSA-HSM","key_size":3072,"public_exponent":65537,"key_ops":["sign","verify"],
                 "attributes":{"enabled":false,"nbf":1700000000,"exp":1800000000,"exportable":false},
                 "tags":{"purpose":"unit test","owner":"team-a"}}
                """));
        assertThat(key).isEqualTo(new NewKey("RSA-HSM", 3072, null, 65537, List.of("sign", "verify"), false,
                Instant.ofEpochSecond(1_700_000_000L), Instant.ofEpochSecond(1_800_000_000L),
                Map.of("purpose", "unit test", "owner", "team-a")));
    }

    @Test
    void anAkpKeyNeedsAnMlDsaAlg() {
        assertThat(create(("{\"kty\":\"AKP-HSM\",\"alg\":\"ML-DSA-65\"}")))
                .isEqualTo(new NewKey("AKP-HSM", null, null, null, null, null, null, null, null, "ML-DSA-65"));
        assertThat(create(("{\"kty\":\"AKP\",\"alg\":\"ML-DSA-87\"}")).alg())
                .isEqualTo("ML-DSA-87");
        assertThat(rejected(() -> create(("{\"kty\":\"AKP-HSM\"}"))).getMessage())
                .isEqualTo("alg is required");
        assertThat(rejected(() -> create(("{\"kty\":\"AKP-HSM\",\"alg\":\"ML-DSA-66\"}")))
                .getMessage()).contains("alg", "ML-DSA-44");
        // alg means nothing to the other types, as before
        assertThat(create(("{\"kty\":\"EC-HSM\",\"alg\":\"ES256\"}")).alg()).isNull();
    }

    @Test
    void onlyKtyIsRequired() {
        assertThat(create(("{\"kty\":\"EC-HSM\",\"crv\":\"P-256K\"}")))
                .isEqualTo(new NewKey("EC-HSM", null, "P-256K", null, null, null, null, null, null));
        assertThat(rejected(() -> create(("{\"key_size\":2048}"))).getMessage())
                .isEqualTo("kty is required");
    }

    @Test
    void readOnlyAttributesAndUnknownMembersAreIgnored() {
        NewKey key = create(("""
                {"kty":"oct-HSM","key_size":256,"release_policy":{"data":"e30"},
                 "attributes":{"created":1,"updated":2,"recoveryLevel":"Purgeable","hsmPlatform":"x"}}
                """));
        assertThat(key.keyType()).isEqualTo("oct-HSM");
        assertThat(key.enabled()).isNull();
        assertThat(key.notBefore()).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"kty\":\"DSA\"}                                      | kty must be one of: EC, EC-HSM, RSA, RSA-HSM",
            "{\"kty\":\"rsa-hsm\"}                                  | kty must be one of",
            "{\"kty\":[\"RSA\"]}                                    | kty must be a string",
            "{\"kty\":\"RSA\",\"key_size\":\"2048\"}                | key_size must be a whole number",
            "{\"kty\":\"RSA\",\"public_exponent\":65537.0}          | public_exponent must be a whole number",
            "{\"kty\":\"EC\",\"crv\":\"P-192\"}                     | crv must be one of: P-256, P-384, P-521, P-256K",
            "{\"kty\":\"RSA\",\"key_ops\":[\"sign\",\"fly\"]}       | key_ops[1] must be one of: encrypt, decrypt",
            "{\"kty\":\"RSA\",\"key_ops\":\"sign\"}                 | key_ops must be an array of strings",
            "{\"kty\":\"RSA\",\"attributes\":true}                  | attributes must be an object",
            "{\"kty\":\"RSA\",\"attributes\":{\"enabled\":1}}       | attributes.enabled must be true or false",
            "{\"kty\":\"RSA\",\"attributes\":{\"exp\":\"2030\"}}    | attributes.exp must be whole seconds",
            "{\"kty\":\"RSA\",\"tags\":{\"a\":1}}                   | every member of tags must be a string" })
    void aWrongMemberIsBadParameterNamingIt(String json, String message) {
        assertThat(rejected(() -> create((json)))).satisfies(e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("BadParameter");
            assertThat(e.getMessage()).startsWith(message.strip());
        });
    }
}
