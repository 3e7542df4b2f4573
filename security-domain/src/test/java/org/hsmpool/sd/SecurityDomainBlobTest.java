package org.hsmpool.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hsmpool.sd.SecurityDomainException.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The blob's JSON form and its strict parsing. */
class SecurityDomainBlobTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHORT = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"; // 31 bytes
    private static SecurityDomainBlob blob;
    private static String json;

    @BeforeAll
    static void createBlob() {
        blob = SecurityDomain.create(SharesTest.master(), "pool-blob", TestKeys.adminCertificates(3), 2,
                TestKeys.NOW, new SecureRandom());
        json = blob.toJson();
    }

    @Test
    void theJsonCarriesExactlyTheDocumentedFields() throws Exception {
        JsonNode root = JSON.readTree(json);
        assertThat(root.fieldNames()).toIterable().containsExactly("format", "version", "pool_id", "created",
                "required", "share_count", "check_value", "shares");
        assertThat(root.get("format").asText()).isEqualTo("hsmpool-security-domain");
        assertThat(root.get("version").asInt()).isEqualTo(1);
        assertThat(root.get("pool_id").asText()).isEqualTo("pool-blob");
        assertThat(root.get("created").asLong()).isEqualTo(TestKeys.NOW.getEpochSecond());
        assertThat(root.get("required").asInt()).isEqualTo(2);
        assertThat(root.get("share_count").asInt()).isEqualTo(3);
        assertThat(root.get("check_value").asText()).hasSize(43);
        for (int i = 0; i < 3; i++) {
            JsonNode share = root.get("shares").get(i);
            assertThat(share.fieldNames()).toIterable().containsExactly("index", "x5t#S256", "jwe");
            assertThat(share.get("index").asInt()).isEqualTo(i + 1);
            assertThat(share.get("x5t#S256").asText()).isEqualTo(TestKeys.admin(i).thumbprint().value());
        }
    }

    @Test
    void parsingTheJsonGivesTheSameBlob() {
        SecurityDomainBlob parsed = SecurityDomainBlob.parse(json);
        assertThat(parsed).isEqualTo(blob);
        assertThat(parsed.toJson()).isEqualTo(json);
        assertThat(parsed.shareFor(TestKeys.admin(2).thumbprint())).map(EncryptedShare::index).contains(3);
        assertThat(parsed.shareFor(TestKeys.admin(5).thumbprint())).isEmpty();
    }

    static Stream<Arguments> malformedBlobs() {
        return Stream.of(
                malformed("unknown version", b -> b.put("version", 2), Reason.UNSUPPORTED_VERSION, "blob version 2 is not supported"),
                malformed("version as text", b -> b.put("version", "1"), Reason.MALFORMED_BLOB, "'version' must be an integer"),
                malformed("another format", b -> b.put("format", "azure-sd"), Reason.MALFORMED_BLOB, "'format' must be"),
                malformed("missing format", b -> b.remove("format"), Reason.MALFORMED_BLOB, "'format' must be"),
                malformed("missing version", b -> b.remove("version"), Reason.MALFORMED_BLOB, "'version' must be an integer"),
                malformed("missing pool_id", b -> b.remove("pool_id"), Reason.MALFORMED_BLOB, "missing field 'pool_id'"),
                malformed("missing created", b -> b.remove("created"), Reason.MALFORMED_BLOB, "missing field 'created'"),
                malformed("missing required", b -> b.remove("required"), Reason.MALFORMED_BLOB, "missing field 'required'"),
                malformed("missing share_count", b -> b.remove("share_count"), Reason.MALFORMED_BLOB, "missing field 'share_count'"),
                malformed("missing check_value", b -> b.remove("check_value"), Reason.MALFORMED_BLOB, "missing field 'check_value'"),
                malformed("missing shares", b -> b.remove("shares"), Reason.MALFORMED_BLOB, "missing field 'shares'"),
                malformed("extra field", b -> b.put("master", "x"), Reason.MALFORMED_BLOB, "unknown field 'master'"),
                malformed("missing share index", b -> share(b, 0).remove("index"), Reason.MALFORMED_BLOB, "missing field 'shares[0].index'"),
                malformed("missing share thumbprint", b -> share(b, 1).remove("x5t#S256"), Reason.MALFORMED_BLOB, "missing field 'shares[1].x5t#S256'"),
                malformed("missing share jwe", b -> share(b, 2).remove("jwe"), Reason.MALFORMED_BLOB, "missing field 'shares[2].jwe'"),
                malformed("extra share field", b -> share(b, 0).put("share", "x"), Reason.MALFORMED_BLOB, "unknown field 'shares[0].share'"),
                malformed("short check value", b -> b.put("check_value", SHORT), Reason.MALFORMED_BLOB, "'check_value' must encode 32 bytes, got 31"),
                malformed("padded check value", b -> b.put("check_value", b.get("check_value").asText() + "="), Reason.MALFORMED_BLOB, "'check_value' must be unpadded canonical base64url"),
                malformed("short thumbprint", b -> share(b, 0).put("x5t#S256", SHORT), Reason.MALFORMED_BLOB, "'shares[0].x5t#S256' must encode 32 bytes"),
                malformed("pool id with a slash", b -> b.put("pool_id", "pool/blob"), Reason.MALFORMED_BLOB, "pool_id must match"),
                malformed("negative created", b -> b.put("created", -1), Reason.MALFORMED_BLOB, "'created' must be an integer"),
                malformed("fractional created", b -> b.put("created", 1.5), Reason.MALFORMED_BLOB, "'created' must be an integer"),
                malformed("required as text", b -> b.put("required", "2"), Reason.MALFORMED_BLOB, "'required' must be an integer"),
                malformed("N too large", b -> b.put("share_count", 11), Reason.MALFORMED_BLOB, "share_count (N) must be between 3 and 10, got 11"),
                malformed("N too small", b -> b.put("share_count", 2), Reason.MALFORMED_BLOB, "share_count (N) must be between 3 and 10, got 2"),
                malformed("M too small", b -> b.put("required", 1), Reason.MALFORMED_BLOB, "required (M) must be between 2 and share_count (N) = 3, got 1"),
                malformed("M above N", b -> b.put("required", 4), Reason.MALFORMED_BLOB, "required (M) must be between 2 and share_count (N) = 3, got 4"),
                malformed("fewer entries than N", b -> ((ArrayNode) b.get("shares")).remove(2), Reason.MALFORMED_BLOB, "shares has 2 entries but share_count is 3"),
                malformed("shares not an array", b -> b.put("shares", "none"), Reason.MALFORMED_BLOB, "'shares' must be an array"),
                malformed("duplicate index", b -> share(b, 1).put("index", 1), Reason.MALFORMED_BLOB, "shares[1].index 1 appears twice"),
                malformed("index zero", b -> share(b, 0).put("index", 0), Reason.MALFORMED_BLOB, "'shares[0].index' must be between 1 and 10"),
                malformed("index above N", b -> share(b, 0).put("index", 4), Reason.MALFORMED_BLOB, "shares[0].index is 4, above share_count 3"),
                malformed("duplicate thumbprint", b -> share(b, 1).put("x5t#S256", share(b, 0).get("x5t#S256").asText()),
                        Reason.MALFORMED_BLOB, "shares[1].x5t#S256 " + TestKeys.admin(0).thumbprint() + " appears twice"),
                malformed("jwe not a JWE", b -> share(b, 2).put("jwe", "not.a.jwe"), Reason.MALFORMED_BLOB, "shares[2].jwe must be a compact JWE of five"),
                malformed("jwe with a long iv", b -> share(b, 0).put("jwe", replacePart(share(b, 0).get("jwe").asText(), 2, "AAAAAAAAAAAAAAAAAAAAAA")),
                        Reason.MALFORMED_BLOB, "shares[0].jwe: the iv is 16 bytes, expected 12"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBlobs")
    void parsingRefusesAMalformedBlobNamingTheProblem(String description, Consumer<ObjectNode> change, Reason reason,
            String message) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        change.accept(root);
        String changed = JSON.writeValueAsString(root);
        assertThatThrownBy(() -> SecurityDomainBlob.parse(changed))
                .isInstanceOf(SecurityDomainException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "\"blob\"", "{", "{\"format\":\"hsmpool-security-domain\",\"format\":\"x\"}"})
    void parsingRefusesWhatIsNotABlobObject(String text) {
        assertThatThrownBy(() -> SecurityDomainBlob.parse(text))
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.MALFORMED_BLOB);
    }

    @Test
    void parsingRefusesTrailingTextDuplicateKeysAndHugeInput() {
        assertThatThrownBy(() -> SecurityDomainBlob.parse(json + "{}")).hasMessageContaining("not valid JSON");
        String duplicated = json.replaceFirst("\"required\" : 2,", "\"required\" : 2, \"required\" : 3,");
        assertThat(duplicated).isNotEqualTo(json);
        assertThatThrownBy(() -> SecurityDomainBlob.parse(duplicated)).hasMessageContaining("Duplicate field 'required'");
        assertThatThrownBy(() -> SecurityDomainBlob.parse(" ".repeat(300_000) + json)).hasMessageContaining("at most");
    }

    @Test
    void aBlobMustHoldAdministratorSharesNotTransferShares() throws Exception {
        TestKeys.Transfer transfer = TestKeys.transfer(0);
        Share share = Shares.split(SharesTest.master(), 3, 2, new SecureRandom()).get(0);
        String transferShare = ShareEnvelope.encryptToTransferKey(transfer.key(), share, blob.facts(),
                TestKeys.admin(0).thumbprint());
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        share(root, 0).put("jwe", transferShare);
        assertThatThrownBy(() -> SecurityDomainBlob.parse(JSON.writeValueAsString(root)))
                .hasMessageContaining("shares[0].jwe is a transfer share; a blob holds administrator shares");
    }

    private static Arguments malformed(String description, Consumer<ObjectNode> change, Reason reason, String message) {
        return Arguments.of(description, change, reason, message);
    }

    static ObjectNode share(ObjectNode root, int i) {
        return (ObjectNode) root.get("shares").get(i);
    }

    private static String replacePart(String jwe, int part, String replacement) {
        String[] parts = jwe.split("\\.", -1);
        parts[part] = replacement;
        return String.join(".", List.of(parts));
    }
}
