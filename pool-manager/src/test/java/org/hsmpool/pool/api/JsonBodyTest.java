package org.hsmpool.pool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hsmpool.pool.api.Requests.body;
import static org.hsmpool.pool.api.Requests.rejected;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyTest {
    private static final Set<String> COLOURS = Set.of("red", "green");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "", " ", "null", "[]", "[1]", "\"text\"", "42", "true", "{", "{\"a\":1", "{\"a\":}",
            "{'a':1}", "{\"a\":1}{}", "{\"a\":1} x", "{\"a\":1,\"a\":2}", "{\"a\":NaN}", "\u0000", "\uFEFF{\"a\":1",
            "{\"a\":\"\\u12\"}", "{\"a\":01}" })
    void aBodyThatIsNotExactlyOneJsonObjectIsBadParameter(String text) {
        assertThat(rejected(() -> JsonBody.parse(text.getBytes(StandardCharsets.UTF_8)))).satisfies(e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("BadParameter");
            assertThat(e.getMessage()).startsWith("the request body");
        });
    }

    @Test
    void noBodyAtAllIsBadParameter() {
        assertThat(rejected(() -> JsonBody.parse(null)).status()).isEqualTo(400);
        assertThat(rejected(() -> JsonBody.parse(new byte[0])).status()).isEqualTo(400);
    }

    @Test
    void aBodyOverTheLimitIs413() {
        byte[] big = new byte[JsonBody.MAX_BYTES + 1];
        assertThat(rejected(() -> JsonBody.parse(big))).satisfies(e -> {
            assertThat(e.status()).isEqualTo(413);
            assertThat(e.code()).isEqualTo("RequestEntityTooLarge");
        });
    }

    @Test
    void deeplyNestedOrHugeInputIsBadParameterNotACrash() {
        String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThat(rejected(() -> JsonBody.parse(deep.getBytes(StandardCharsets.UTF_8))).status()).isEqualTo(400);
        String longNumber = "{\"count\":" + "9".repeat(5000) + "}";
        assertThat(rejected(() -> body(longNumber).requiredInt("count")).status()).isEqualTo(400);
    }

    @Test
    void theParseErrorSaysWhereButNotWhat() {
        KeyVaultException e = rejected(() -> JsonBody.parse("{\"alg\": SECRET-TOKEN-XYZ}".getBytes()));
        assertThat(e.getMessage()).contains("line 1").doesNotContain("SECRET");
    }

    @Test
    void jsonNullIsAnAbsentMember() {
        JsonBody json = body("{\"a\":null,\"b\":null,\"c\":null}");
        assertThat(json.optionalString("a")).isNull();
        assertThat(json.optionalInt("b")).isNull();
        assertThat(json.optionalObject("c")).isNull();
        assertThat(rejected(() -> json.requiredString("a")).getMessage()).isEqualTo("a is required");
    }

    @Test
    void valuesOfTheRightTypeAreRead() {
        JsonBody json = body("{\"s\":\"x\",\"i\":-7,\"b\":false,\"t\":1700000000,\"l\":[\"red\",\"green\",\"red\"],"
                + "\"m\":{\"k\":\"v\"},\"o\":{\"i\":3},\"bytes\":\"AQAB\"}");
        assertThat(json.requiredString("s")).isEqualTo("x");
        assertThat(json.requiredInt("i")).isEqualTo(-7);
        assertThat(json.optionalBoolean("b")).isFalse();
        assertThat(json.optionalUnixTime("t")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(json.optionalListOf("l", COLOURS)).containsExactly("red", "green");
        assertThat(json.optionalStringMap("m")).containsEntry("k", "v").hasSize(1);
        assertThat(json.optionalObject("o").requiredInt("i")).isEqualTo(3);
        assertThat(json.requiredBytes("bytes")).containsExactly(1, 0, 1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "\"5\"", "5.0", "5.5", "1e3", "true", "[5]", "{}", "2147483648", "-2147483649" })
    void anIntegerFieldRefusesEverythingButAWholeNumberInRange(String value) {
        KeyVaultException e = rejected(() -> body("{\"key_size\":" + value + "}").optionalInt("key_size"));
        assertThat(e.getMessage()).isEqualTo("key_size must be a whole number");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "-1", "1.5", "\"1700000000\"", "253402300800", "99999999999999999999", "true" })
    void aTimeFieldRefusesWhatIsNotUnixSecondsUpToYear9999(String value) {
        KeyVaultException e = rejected(() -> body("{\"nbf\":" + value + "}").optionalUnixTime("nbf"));
        assertThat(e.getMessage()).startsWith("nbf must be whole seconds");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "\"true\"", "1", "0", "null1" })
    void aBooleanFieldRefusesStringsAndNumbers(String value) {
        assertThat(rejected(() -> body("{\"enabled\":" + value + "}").optionalBoolean("enabled")).status())
                .isEqualTo(400);
    }

    @Test
    void anEnumerationRefusesUnknownValuesAndNamesTheAllowedOnes() {
        KeyVaultException e = rejected(() -> body("{\"colour\":\"SECRET-blue\"}").requiredOneOf("colour", COLOURS));
        assertThat(e.getMessage()).startsWith("colour must be one of: ").contains("red", "green")
                .doesNotContain("SECRET");
        assertThat(rejected(() -> body("{\"colour\":\"RED\"}").requiredOneOf("colour", COLOURS))).isNotNull();
        assertThat(rejected(() -> body("{\"colour\":1}").requiredOneOf("colour", COLOURS)).getMessage())
                .isEqualTo("colour must be a string");
        assertThat(rejected(() -> body("{}").requiredOneOf("colour", COLOURS)).getMessage())
                .isEqualTo("colour is required");
    }

    @Test
    void aListNamesTheIndexOfTheBadItem() {
        assertThat(rejected(() -> body("{\"l\":[\"red\",\"blue\"]}").optionalListOf("l", COLOURS)).getMessage())
                .startsWith("l[1] must be one of");
        assertThat(rejected(() -> body("{\"l\":[\"red\",7]}").optionalListOf("l", COLOURS)).getMessage())
                .isEqualTo("l[1] must be a string");
        assertThat(rejected(() -> body("{\"l\":\"red\"}").optionalListOf("l", COLOURS)).getMessage())
                .isEqualTo("l must be an array of strings");
    }

    @Test
    void aStringMapRefusesNonStringMembers() {
        assertThat(rejected(() -> body("{\"tags\":{\"a\":\"b\",\"n\":1}}").optionalStringMap("tags")).getMessage())
                .isEqualTo("every member of tags must be a string");
        assertThat(rejected(() -> body("{\"tags\":{\"n\":null}}").optionalStringMap("tags"))).isNotNull();
        assertThat(rejected(() -> body("{\"tags\":[\"a\"]}").optionalStringMap("tags")).getMessage())
                .isEqualTo("tags must be an object of string values");
    }

    @Test
    void nestedFieldsAreNamedWithTheirPath() {
        JsonBody attributes = body("{\"attributes\":{\"nbf\":\"soon\",\"enabled\":\"yes\"}}")
                .optionalObject("attributes");
        assertThat(rejected(() -> attributes.optionalUnixTime("nbf")).getMessage()).startsWith("attributes.nbf ");
        assertThat(rejected(() -> attributes.optionalBoolean("enabled")).getMessage())
                .startsWith("attributes.enabled ");
        assertThat(rejected(() -> body("{\"attributes\":[]}").optionalObject("attributes")).getMessage())
                .isEqualTo("attributes must be an object");
    }

    @Test
    void binaryFieldsAreStrictBase64UrlNamedByField() {
        assertThat(rejected(() -> body("{\"iv\":\"AA==\"}").optionalBytes("iv")).getMessage()).startsWith("iv ");
        assertThat(rejected(() -> body("{\"iv\":12}").optionalBytes("iv")).getMessage())
                .isEqualTo("iv must be a string");
        assertThat(body("{}").optionalBytes("iv")).isNull();
    }

    @Test
    void unknownMembersAreIgnored() {
        assertThat(body("{\"count\":3,\"release_policy\":{\"x\":[1,2]}}").requiredInt("count")).isEqualTo(3);
    }

    @Test
    void readingAMissingRequiredFieldNeverThrowsAnythingButKeyVaultException() {
        assertThatThrownBy(() -> body("{}").requiredBytes("value")).isExactlyInstanceOf(KeyVaultException.class);
    }
}
