package org.hsmpool.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hsmpool.sd.SecurityDomainException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tampering with a blob is caught before S is restored: by the strict parser (the blob disagrees
 * with the share headers), by the administrators' authenticated decryption (the headers were
 * rewritten too), or by the node (the transfer shares disagree with the blob, or the check value).
 */
class BlobTamperTest {

    private static final String POOL = "pool-tamper";
    private static final byte[] MASTER = SharesTest.master();
    private static final String JSON = SecurityDomain.create(MASTER, POOL, TestKeys.adminCertificates(3), 2,
            TestKeys.NOW, new SecureRandom()).toJson();

    /** The whole life of a blob after download: parse, every admin makes a transfer share, the node restores. */
    private static DomainKeys use(String blobJson) {
        SecurityDomainBlob blob = SecurityDomainBlob.parse(blobJson);
        TestKeys.Transfer transfer = TestKeys.transfer(0);
        List<String> transferShares = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TestKeys.Admin admin = TestKeys.admin(i);
            transferShares.add(ShareEnvelope.reencryptForTransferKey(blob, admin.certificate(), admin.keys().getPrivate(),
                    transfer.key()));
        }
        return SecurityDomain.restore(blob, transferShares, transfer.key(), transfer.token());
    }

    @Test
    void theUntouchedBlobRestoresTheDomainKeys() {
        try (DomainKeys restored = use(JSON); DomainKeys expected = DomainKeys.derive(MASTER, POOL)) {
            assertThat(restored.wrapKey()).isEqualTo(expected.wrapKey());
            assertThat(restored.macKey()).isEqualTo(expected.macKey());
        }
    }

    /** Every character of every field value; in the JWEs, a sample that covers each of their five parts. */
    static Stream<Arguments> valueCharacters() throws Exception {
        List<Arguments> positions = new ArrayList<>();
        try (JsonParser parser = new JsonFactory().createParser(JSON)) {
            String field = null;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME) {
                    field = parser.currentName();
                } else if (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT) {
                    int start = (int) parser.currentTokenLocation().getCharOffset() + (token == JsonToken.VALUE_STRING ? 1 : 0);
                    int length = parser.getText().length();
                    boolean jwe = "jwe".equals(field);
                    for (int i = 0; i < length; i++) {
                        if (!jwe || i % 13 == 0 || i > length - 100) {
                            positions.add(Arguments.of(field, start + i));
                        }
                    }
                }
            }
        }
        return positions.stream();
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("valueCharacters")
    void changingAnyCharacterOfAnyFieldIsDetected(String field, int position) {
        String tampered = Tamper.at(JSON, position);
        assertThat(tampered).isNotEqualTo(JSON);
        assertThatThrownBy(() -> use(tampered)).isInstanceOf(SecurityDomainException.class);
    }

    static Stream<Arguments> forgedFacts() {
        return Stream.of(
                Arguments.of("pool_id", TextNode.valueOf("pool-elsewhere")),
                Arguments.of("created", LongNode.valueOf(TestKeys.NOW.getEpochSecond() + 1)),
                Arguments.of("required", IntNode.valueOf(3)),
                Arguments.of("check_value", TextNode.valueOf(CheckValue.of(SharesTest.master(), POOL).toBase64Url())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedFacts")
    void aFactRewrittenInTheBlobAndEveryHeaderFailsTheAdministratorsDecryption(String field, JsonNode value) {
        String forged = Forge.consistently(JSON, field, value);
        SecurityDomainBlob blob = SecurityDomainBlob.parse(forged);
        TestKeys.Admin admin = TestKeys.admin(1);
        assertThatThrownBy(() -> ShareEnvelope.reencryptForTransferKey(blob, admin.certificate(),
                admin.keys().getPrivate(), TestKeys.transfer(0).key()))
                .hasMessageContaining("does not decrypt")
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.TAMPERED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedFacts")
    void aFactRewrittenAfterTheTransferSharesWereMadeIsRefusedByTheNode(String field, JsonNode value) {
        SecurityDomainBlob blob = SecurityDomainBlob.parse(JSON);
        TestKeys.Transfer transfer = TestKeys.transfer(0);
        List<String> transferShares = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            TestKeys.Admin admin = TestKeys.admin(i);
            transferShares.add(ShareEnvelope.reencryptForTransferKey(blob, admin.certificate(), admin.keys().getPrivate(),
                    transfer.key()));
        }
        SecurityDomainBlob forged = SecurityDomainBlob.parse(Forge.consistently(JSON, field, value));
        assertThatThrownBy(() -> SecurityDomain.restore(forged, transferShares, transfer.key(), transfer.token()))
                .extracting(e -> ((SecurityDomainException) e).reason())
                .isIn(Reason.WRONG_DOMAIN, Reason.TAMPERED);
    }
}
