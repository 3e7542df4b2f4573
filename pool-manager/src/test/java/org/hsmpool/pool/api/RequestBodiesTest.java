package org.hsmpool.pool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hsmpool.pool.api.Requests.BODIES;
import static org.hsmpool.pool.api.Requests.read;
import static org.hsmpool.pool.api.Requests.rejected;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hsmpool.pool.admin.AuditResource;
import org.hsmpool.pool.admin.NodesResource;
import org.hsmpool.pool.admin.PrincipalsResource;
import org.hsmpool.pool.backup.RestoreOperationParameters;
import org.hsmpool.pool.backup.SasTokenParameter;
import org.hsmpool.pool.backup.UpdateSettingRequest;
import org.hsmpool.pool.keys.KeyService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The strict reading of request bodies (StrictJson, Bean Validation, the refusal messages), through
 * the records the resources take: KeyUpdateParameters has no required member, so what it refuses is
 * refused for the shape of the JSON alone.
 */
class RequestBodiesTest {

    private static KeyService.KeyUpdate update(String json) {
        return read(json, KeyUpdateParameters.class).toKeyUpdate();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "", " ", "null", "[]", "[1]", "\"text\"", "42", "true", "{", "{\"a\":1", "{\"a\":}",
            "{'a':1}", "{\"a\":1}{}", "{\"a\":1} x", "{\"a\":1,\"a\":2}", "{\"a\":NaN}", "\u0000", "\uFEFF{\"a\":1",
            "{\"a\":\"\\u12\"}", "{\"a\":01}", "{\"tags\":{\"a\":\"b\",\"a\":\"c\"}}", "{\"a\":[1,2,]}" })
    void aBodyThatIsNotExactlyOneJsonObjectIsBadParameter(String text) {
        assertThat(rejected(() -> update(text))).satisfies(e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("BadParameter");
            assertThat(e.getMessage()).startsWith("the request body");
        });
    }

    @Test
    void noBodyAtAllIsBadParameter() {
        assertThat(rejected(() -> BODIES.read(null, KeyUpdateParameters.class)).status()).isEqualTo(400);
        assertThat(rejected(() -> BODIES.read(new byte[0], KeyUpdateParameters.class)).status()).isEqualTo(400);
    }

    @Test
    void aBodyOverTheLimitIs413() {
        byte[] big = new byte[RequestBodies.MAX_BYTES + 1];
        assertThat(rejected(() -> BODIES.read(big, KeyUpdateParameters.class))).satisfies(e -> {
            assertThat(e.status()).isEqualTo(413);
            assertThat(e.code()).isEqualTo("RequestEntityTooLarge");
        });
    }

    @Test
    void deeplyNestedOrHugeInputIsBadParameterNotACrash() {
        String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThat(rejected(() -> update(deep)).status()).isEqualTo(400);
        String longNumber = "{\"count\":" + "9".repeat(5000) + "}";
        assertThat(rejected(() -> read(longNumber, GetRandomBytesRequest.class)).status()).isEqualTo(400);
    }

    @Test
    void theParseErrorSaysWhereButNotWhat() {
        KeyVaultException e = rejected(() -> update("{\"tags\": SECRET-TOKEN-XYZ}"));
        assertThat(e.getMessage()).contains("line 1").doesNotContain("SECRET");
        KeyVaultException nested = rejected(() -> update("{\"attributes\":{\"nbf\": SECRET-TOKEN-XYZ}}"));
        assertThat(nested.getMessage()).startsWith("the request body is not valid JSON").contains("line 1")
                .doesNotContain("SECRET");
    }

    @Test
    void jsonNullIsAnAbsentMember() {
        KeyService.KeyUpdate nulls = update("{\"key_ops\":null,\"attributes\":null,\"tags\":null}");
        assertThat(nulls).isEqualTo(new KeyService.KeyUpdate(null, null, null, null, null));
        assertThat(update("{\"attributes\":{\"enabled\":null,\"nbf\":null}}").enabled()).isNull();
        assertThat(rejected(() -> read("{\"count\":null}", GetRandomBytesRequest.class)).getMessage())
                .isEqualTo("count is required");
    }

    @Test
    void valuesOfTheRightTypeAreRead() {
        KeyService.KeyUpdate u = update("{\"key_ops\":[\"sign\",\"verify\",\"sign\"],\"attributes\":{\"enabled\":false,"
                + "\"nbf\":1700000000,\"exp\":253402300799},\"tags\":{\"k\":\"v\"}}");
        assertThat(u.keyOps()).containsExactly("sign", "verify");
        assertThat(u.enabled()).isFalse();
        assertThat(u.notBefore()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(u.expires()).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
        assertThat(u.tags()).isEqualTo(Map.of("k", "v"));
        assertThat(read("{\"count\":128}", GetRandomBytesRequest.class).count()).isEqualTo(128);
        assertThat(read("{\"value\":\"AQAB\"}", KeyRestoreParameters.class).value()).containsExactly(1, 0, 1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "\"5\"", "5.0", "5.5", "1e3", "true", "[5]", "{}", "2147483648", "-2147483649", "\"\"" })
    void anIntegerFieldRefusesEverythingButAWholeNumberInRange(String value) {
        KeyVaultException e = rejected(() -> read("{\"kty\":\"RSA\",\"key_size\":" + value + "}",
                KeyCreateParameters.class));
        assertThat(e.getMessage()).isEqualTo("key_size must be a whole number");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "-1", "1.5", "\"1700000000\"", "253402300800", "99999999999999999999", "true", "1e9" })
    void aTimeFieldRefusesWhatIsNotUnixSecondsUpToYear9999(String value) {
        KeyVaultException e = rejected(() -> update("{\"attributes\":{\"nbf\":" + value + "}}"));
        assertThat(e.getMessage()).startsWith("attributes.nbf must be whole seconds");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "\"true\"", "1", "0", "null1", "[true]" })
    void aBooleanFieldRefusesStringsAndNumbers(String value) {
        assertThat(rejected(() -> update("{\"attributes\":{\"enabled\":" + value + "}}")).status()).isEqualTo(400);
    }

    @Test
    void anEnumerationRefusesUnknownValuesAndNamesTheAllowedOnes() {
        KeyVaultException e = rejected(() -> read("{\"kty\":\"SECRET-blue\"}", KeyCreateParameters.class));
        assertThat(e.getMessage()).startsWith("kty must be one of: ").contains("EC-HSM", "oct", "AKP-HSM")
                .doesNotContain("SECRET");
        assertThat(rejected(() -> read("{\"kty\":\"EC_HSM\"}", KeyCreateParameters.class)).getMessage())
                .startsWith("kty must be one of: ");
        assertThat(rejected(() -> read("{\"kty\":\"ec-hsm\"}", KeyCreateParameters.class))).isNotNull();
        assertThat(rejected(() -> read("{\"kty\":\"\"}", KeyCreateParameters.class)).getMessage())
                .startsWith("kty must be one of: ");
        assertThat(rejected(() -> read("{\"kty\":1}", KeyCreateParameters.class)).getMessage())
                .isEqualTo("kty must be a string");
        assertThat(rejected(() -> read("{\"kty\":{}}", KeyCreateParameters.class)).getMessage())
                .isEqualTo("kty must be a string");
        assertThat(rejected(() -> read("{}", KeyCreateParameters.class)).getMessage()).isEqualTo("kty is required");
    }

    @Test
    void aListNamesTheIndexOfTheBadItem() {
        assertThat(rejected(() -> update("{\"key_ops\":[\"sign\",\"fly\"]}")).getMessage())
                .startsWith("key_ops[1] must be one of");
        assertThat(rejected(() -> update("{\"key_ops\":[\"sign\",7]}")).getMessage())
                .isEqualTo("key_ops[1] must be a string");
        assertThat(rejected(() -> update("{\"key_ops\":[\"sign\",null]}")).getMessage())
                .isEqualTo("key_ops[1] must be a string");
        assertThat(rejected(() -> update("{\"key_ops\":\"sign\"}")).getMessage())
                .isEqualTo("key_ops must be an array of strings");
    }

    @Test
    void aStringMapRefusesNonStringMembers() {
        assertThat(rejected(() -> update("{\"tags\":{\"a\":\"b\",\"n\":1}}")).getMessage())
                .isEqualTo("every member of tags must be a string");
        assertThat(rejected(() -> update("{\"tags\":{\"n\":null}}"))).isNotNull();
        assertThat(rejected(() -> update("{\"tags\":{\"n\":{\"deeper\":\"x\"}}}")).getMessage())
                .isEqualTo("every member of tags must be a string");
        assertThat(rejected(() -> update("{\"tags\":[\"a\"]}")).getMessage())
                .isEqualTo("tags must be an object of string values");
    }

    @Test
    void nestedFieldsAreNamedWithTheirPath() {
        assertThat(rejected(() -> update("{\"attributes\":{\"nbf\":\"soon\"}}")).getMessage())
                .startsWith("attributes.nbf ");
        assertThat(rejected(() -> update("{\"attributes\":{\"enabled\":\"yes\"}}")).getMessage())
                .isEqualTo("attributes.enabled must be true or false");
        assertThat(rejected(() -> update("{\"attributes\":[]}")).getMessage()).isEqualTo("attributes must be an object");
        assertThat(rejected(() -> update("{\"attributes\":\"\"}")).getMessage()).isEqualTo("attributes must be an object");
        assertThat(rejected(() -> read("{\"properties\":{\"roleDefinitionId\":\"r\"}}",
                RoleAssignmentCreateParameters.class)).getMessage()).isEqualTo("properties.principalId is required");
        assertThat(rejected(() -> read("{\"properties\":{\"permissions\":[{\"dataActions\":[\"a\",5]}]}}",
                RoleDefinitionCreateParameters.class)).getMessage())
                .isEqualTo("properties.permissions[0].dataActions[1] must be a string");
        assertThat(rejected(() -> read("{\"properties\":{\"permissions\":[7]}}",
                RoleDefinitionCreateParameters.class)).getMessage())
                .isEqualTo("properties.permissions[0] must be an object");
        assertThat(rejected(() -> read("{\"properties\":{\"permissions\":{}}}",
                RoleDefinitionCreateParameters.class)).getMessage())
                .isEqualTo("properties.permissions must be an array of objects");
    }

    @Test
    void binaryFieldsAreStrictBase64UrlNamedByField() {
        String op = "{\"alg\":\"A256GCM\",\"value\":\"AQ\",";
        assertThat(rejected(() -> read(op + "\"iv\":\"AA==\"}", KeyOperationsParameters.class)).getMessage())
                .startsWith("iv ").doesNotContain("AA==");
        assertThat(rejected(() -> read(op + "\"iv\":12}", KeyOperationsParameters.class)).getMessage())
                .isEqualTo("iv must be a string");
        assertThat(rejected(() -> read(op + "\"iv\":[\"AQ\"]}", KeyOperationsParameters.class)).getMessage())
                .isEqualTo("iv must be a string");
        assertThat(read(op + "\"iv\":null}", KeyOperationsParameters.class).iv()).isNull();
        assertThat(rejected(() -> read("{\"key\":{\"kty\":\"RSA\",\"n\":\"a+b\"}}", KeyImportParameters.class))
                .getMessage()).isEqualTo("key.n" + Base64Url.MUST_BE);
    }

    @Test
    void unknownMembersAreIgnored() {
        assertThat(read("{\"count\":3,\"release_policy\":{\"x\":[1,2]}}", GetRandomBytesRequest.class).count())
                .isEqualTo(3);
        assertThat(update("{\"attributes\":{\"created\":1,\"recoveryLevel\":\"Purgeable\",\"exportable\":false}}")
                .enabled()).isNull();
    }

    @Test
    void readingAMissingRequiredFieldNeverThrowsAnythingButKeyVaultException() {
        assertThatThrownBy(() -> read("{}", KeyRestoreParameters.class)).isExactlyInstanceOf(KeyVaultException.class);
        assertThatThrownBy(() -> read("{\"alg\":\"RS256\"}", KeySignParameters.class))
                .isExactlyInstanceOf(KeyVaultException.class).hasMessage("value is required");
    }

    @Test
    void theMessageNeverRepeatsTheValueSent() {
        for (String json : List.of("{\"key_ops\":[\"SECRET\"]}", "{\"attributes\":{\"nbf\":\"SECRET\"}}",
                "{\"tags\":{\"t\":[\"SECRET\"]}}", "{\"key_ops\":\"SECRET\"}", "{\"attributes\":\"SECRET\"}")) {
            assertThat(rejected(() -> update(json)).getMessage()).as(json).doesNotContain("SECRET");
        }
        assertThat(rejected(() -> read("{\"properties\":{\"type\":\"SECRET\"}}", RoleDefinitionCreateParameters.class))
                .getMessage()).isEqualTo("properties.type of a role definition one writes is CustomRole");
    }

    @Test
    void aBodyThatRefusesUnknownMembersNamesItsOwnWithoutRepeatingTheStranger() {
        assertThat(read("{\"name\":\"node-4\",\"endpoint\":\"h:1\"}", NodesResource.NewNode.class).name())
                .isEqualTo("node-4");
        assertThat(rejected(() -> read("{\"name\":\"node-4\",\"endpoint\":\"h:1\",\"SECRET\":1}",
                NodesResource.NewNode.class)).getMessage())
                .isEqualTo("the request body has a member this API does not know; its members are: endpoint, name");
        assertThat(rejected(() -> read("{\"name\":\" \",\"endpoint\":\"h:1\"}", NodesResource.NewNode.class))
                .getMessage()).isEqualTo("name must be a non-empty string");
        assertThat(rejected(() -> read("{\"name\":5,\"endpoint\":\"h:1\"}", NodesResource.NewNode.class))
                .getMessage()).isEqualTo("name must be a string");
        // Key Vault's bodies ignore what they do not use
        assertThat(read("{\"count\":1,\"SECRET\":1}", GetRandomBytesRequest.class).count()).isEqualTo(1);
    }

    @Test
    void theOperatorAndBackupBodiesAreReadTheSameWay() {
        String seal = "{\"seq\":1,\"prev\":\"" + "0".repeat(64) + "\",\"mac\":\"" + "a".repeat(64) + "\"}";
        assertThat(read("{\"seals\":[" + seal + "]}", AuditResource.SealsRequest.class).seals()).hasSize(1);
        assertThat(rejected(() -> read("{\"seals\":[{\"seq\":\"1\"}]}", AuditResource.SealsRequest.class))
                .getMessage()).isEqualTo("seals[0].seq must be a whole number");
        assertThat(rejected(() -> read("{\"seals\":[" + seal.replace("\"a", "\"A") + "]}",
                AuditResource.SealsRequest.class)).getMessage())
                .isEqualTo("seals[0].mac must be 64 lowercase hex characters");
        assertThat(rejected(() -> read("{\"seals\":[" + String.join(",", java.util.Collections.nCopies(101, seal))
                + "]}", AuditResource.SealsRequest.class)).getMessage()).contains("at most 100");
        assertThat(rejected(() -> read("{\"storageResourceUri\":\"https://a/c\",\"useManagedIdentity\":true}",
                SasTokenParameter.class)).getMessage()).isEqualTo("useManagedIdentity is not supported: give a SAS token");
        assertThat(rejected(() -> read("{\"sasTokenParameters\":{\"token\":5}}", RestoreOperationParameters.class))
                .getMessage()).isEqualTo("sasTokenParameters.token must be a string");
        assertThat(rejected(() -> read("{\"folderToRestore\":\"f\"}", RestoreOperationParameters.class)).getMessage())
                .startsWith("sasTokenParameters is required");
        assertThat(rejected(() -> read("{\"value\":true}", UpdateSettingRequest.class)).getMessage())
                .isEqualTo("value must be a string");
        assertThat(rejected(() -> read("{\"displayName\":\"" + "n".repeat(257) + "\"}",
                PrincipalsResource.NewPrincipal.class)).getMessage()).isEqualTo("displayName is at most 256 characters");
    }

    @Test
    void theBodyIsReadAsUtf8() {
        byte[] latin1 = "{\"tags\":{\"t\":\"caf\u00e9\"}}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(rejected(() -> BODIES.read(latin1, KeyUpdateParameters.class)).getMessage())
                .startsWith("the request body is not valid JSON");
    }
}
