package org.hsmpool.sd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hsmpool.sd.SecurityDomainException.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShareEnvelopeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POOL = "pool-envelope";

    private static byte[] master;
    private static DomainFacts facts;
    private static List<Share> shares;
    private static TestKeys.Admin admin;
    private static TestKeys.Transfer transfer;
    private static String adminShare;
    private static String transferShare;

    @BeforeAll
    static void prepare() {
        makeSharesIfNeeded();
    }

    /** Also called by the position sources, which JUnit may evaluate first; the shares are made once. */
    private static synchronized void makeSharesIfNeeded() {
        if (adminShare != null) {
            return;
        }
        master = SharesTest.master();
        facts = new DomainFacts(POOL, TestKeys.NOW.getEpochSecond(), 2, 3, CheckValue.of(master, POOL));
        shares = Shares.split(master, 3, 2, new SecureRandom());
        admin = TestKeys.admin(0);
        transfer = TestKeys.transfer(0);
        adminShare = ShareEnvelope.encryptTo(admin.certificate(), shares.get(0), facts);
        transferShare = ShareEnvelope.encryptToTransferKey(transfer.key(), shares.get(1), facts, admin.thumbprint());
    }

    @Test
    void anAdministratorShareCarriesAlgorithmsRecipientAndFactsInItsProtectedHeader() throws Exception {
        ObjectNode header = header(adminShare);
        String thumbprint = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(admin.certificate().getEncoded()));
        assertThat(header.get("alg").asText()).isEqualTo("RSA-OAEP-256");
        assertThat(header.get("enc").asText()).isEqualTo("A256GCM");
        assertThat(header.get("typ").asText()).isEqualTo("hsmpool-sd-share-v1");
        assertThat(header.get("kid").asText()).isEqualTo(thumbprint);
        assertThat(header.get("x5t#S256").asText()).isEqualTo(thumbprint);
        assertThat(header.get("hsmpool.pool_id").asText()).isEqualTo(POOL);
        assertThat(header.get("hsmpool.index").asInt()).isEqualTo(1);
        assertThat(header.get("hsmpool.required").asInt()).isEqualTo(2);
        assertThat(header.get("hsmpool.share_count").asInt()).isEqualTo(3);
        assertThat(header.get("hsmpool.created").asLong()).isEqualTo(TestKeys.NOW.getEpochSecond());
        assertThat(header.get("hsmpool.check_value").asText()).isEqualTo(facts.checkValue().toBase64Url());
        assertThat(header.size()).isEqualTo(11);
    }

    @Test
    void aTransferShareNamesTheTransferKeyAndTheAdministratorWhoMadeIt() throws Exception {
        ObjectNode header = header(transferShare);
        assertThat(header.get("typ").asText()).isEqualTo("hsmpool-sd-transfer-share-v1");
        assertThat(header.get("kid").asText()).isEqualTo(transfer.key().thumbprint().value());
        assertThat(header.get("x5t#S256").asText()).isEqualTo(transfer.key().thumbprint().value());
        assertThat(header.get("hsmpool.admin").asText()).isEqualTo(admin.thumbprint().value());
        assertThat(header.get("hsmpool.index").asInt()).isEqualTo(2);
    }

    @Test
    void anAdministratorShareDecryptsWithThePrivateKey() {
        Share share = ShareEnvelope.decrypt(adminShare, admin.certificate(), admin.keys().getPrivate(), facts);
        assertThat(share.index()).isEqualTo(1);
        assertThat(share.value()).isEqualTo(shares.get(0).value());
    }

    @Test
    void anAdministratorShareDecryptsThroughRawRsaToo() {
        NoPaddingRsa raw = new NoPaddingRsa(admin.keys().getPrivate(), Limits.MIN_RSA_BITS, false);
        Share share = ShareEnvelope.decrypt(adminShare, admin.certificate(), raw, facts);
        assertThat(share.value()).isEqualTo(shares.get(0).value());
        assertThat(raw.calls).hasValue(1);
    }

    @Test
    void aTransferShareDecryptsThroughTheRawRsaAdapter() {
        NoPaddingRsa token = transfer.token();
        Share share = ShareEnvelope.decryptTransferShare(transferShare, transfer.key(), token, facts);
        assertThat(share.index()).isEqualTo(2);
        assertThat(share.value()).isEqualTo(shares.get(1).value());
        assertThat(token.calls).as("the CEK was unwrapped by the raw operation").hasValue(1);
    }

    @Test
    void theAdapterAcceptsATokenThatDropsLeadingZeroBytes() {
        NoPaddingRsa token = new NoPaddingRsa(transfer.keys().getPrivate(), 3072, true);
        for (int i = 0; i < 8; i++) {
            String sealed = ShareEnvelope.encryptToTransferKey(transfer.key(), shares.get(2), facts, admin.thumbprint());
            assertThat(ShareEnvelope.decryptTransferShare(sealed, transfer.key(), token, facts).value())
                    .isEqualTo(shares.get(2).value());
        }
    }

    @Test
    void aTransferShareDecryptsWithAnOaepCapablePrivateKey() {
        Share share = ShareEnvelope.decryptTransferShare(transferShare, transfer.key(), transfer.keys().getPrivate(), facts);
        assertThat(share.value()).isEqualTo(shares.get(1).value());
    }

    @Test
    void aShareForAnotherTransferKeyIsRefusedBeforeTheTokenIsUsed() {
        TestKeys.Transfer other = TestKeys.transfer(1);
        NoPaddingRsa token = other.token();
        SecurityDomainException e = catchThrowableOfType(SecurityDomainException.class,
                () -> ShareEnvelope.decryptTransferShare(transferShare, other.key(), token, facts));
        assertThat(e.reason()).isEqualTo(Reason.WRONG_TRANSFER_KEY);
        assertThat(e.getMessage()).contains(transfer.key().thumbprint().value(), other.key().thumbprint().value());
        assertThat(token.calls).hasValue(0);
    }

    @Test
    void aShareForAnotherAdministratorIsRefused() {
        TestKeys.Admin other = TestKeys.admin(1);
        assertThatThrownBy(() -> ShareEnvelope.decrypt(adminShare, other.certificate(), other.keys().getPrivate(), facts))
                .hasMessageContaining("is encrypted to the administrator certificate " + admin.thumbprint())
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.WRONG_RECIPIENT);
    }

    @Test
    void aShareOfAnotherPoolIsRefused() {
        DomainFacts otherPool = new DomainFacts("pool-other", facts.created(), 2, 3, facts.checkValue());
        assertThatThrownBy(() -> ShareEnvelope.decryptTransferShare(transferShare, transfer.key(), transfer.token(), otherPool))
                .hasMessageContaining("belongs to the security domain of pool 'pool-envelope', not 'pool-other'")
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.WRONG_DOMAIN);
    }

    @Test
    void aShareOfAnotherDomainOfTheSamePoolIsRefused() {
        DomainFacts recreated = new DomainFacts(POOL, facts.created(), 2, 3, CheckValue.of(SharesTest.master(), POOL));
        assertThatThrownBy(() -> ShareEnvelope.decrypt(adminShare, admin.certificate(), admin.keys().getPrivate(), recreated))
                .hasMessageContaining("check value differs")
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.WRONG_DOMAIN);
    }

    @Test
    void aHeaderThatDisagreesWithTheBlobIsRefused() {
        DomainFacts lowered = new DomainFacts(POOL, facts.created(), 3, 3, facts.checkValue());
        assertThatThrownBy(() -> ShareEnvelope.decrypt(adminShare, admin.certificate(), admin.keys().getPrivate(), lowered))
                .hasMessageContaining("disagree on required")
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.TAMPERED);
    }

    @Test
    void anAdministratorShareIsNotATransferShare() {
        String forTransferKey = ShareEnvelope.encryptTo(transfer.key().certificate(), shares.get(0), facts);
        assertThatThrownBy(() -> ShareEnvelope.decryptTransferShare(forTransferKey, transfer.key(), transfer.token(), facts))
                .hasMessageContaining("is an administrator share, a transfer share was expected")
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.MALFORMED_SHARE);
    }

    @Test
    void aRewrittenHeaderFailsAuthenticatedDecryption() throws Exception {
        ObjectNode header = header(adminShare);
        header.put("hsmpool.check_value", CheckValue.of(SharesTest.master(), POOL).toBase64Url());
        String forged = withHeader(adminShare, header);
        DomainFacts forgedFacts = new DomainFacts(POOL, facts.created(), 2, 3,
                CheckValue.fromBase64Url(header.get("hsmpool.check_value").asText(), "cv", Reason.MALFORMED_SHARE));
        assertThatThrownBy(() -> ShareEnvelope.decrypt(forged, admin.certificate(), admin.keys().getPrivate(), forgedFacts))
                .hasMessageContaining("does not decrypt")
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.TAMPERED);
    }

    @Test
    void theWrongPrivateKeyIsRefusedAsTampering() {
        assertThatThrownBy(() -> ShareEnvelope.decrypt(adminShare, admin.certificate(),
                TestKeys.admin(1).keys().getPrivate(), facts))
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.TAMPERED);
    }

    @Test
    void aTokenFailureIsReportedAsSuchNotAsTampering() {
        RawRsaDecryptor broken = new RawRsaDecryptor() {
            @Override
            public int modulusBits() {
                return 3072;
            }

            @Override
            public byte[] rawDecrypt(byte[] c) {
                throw new IllegalStateException("CKR_DEVICE_ERROR");
            }
        };
        assertThatThrownBy(() -> ShareEnvelope.decryptTransferShare(transferShare, transfer.key(), broken, facts))
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.CRYPTO_FAILURE);
    }

    @Test
    void aRawKeyOfAnotherSizeIsRefused() {
        NoPaddingRsa small = new NoPaddingRsa(admin.keys().getPrivate(), Limits.MIN_RSA_BITS, false);
        assertThatThrownBy(() -> ShareEnvelope.decryptTransferShare(transferShare, transfer.key(), small, facts))
                .hasMessageContaining("2048 bits")
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.INVALID_ARGUMENT);
    }

    static Stream<Integer> positions(String jwe) {
        int[] dots = IntStream.range(0, jwe.length()).filter(i -> jwe.charAt(i) == '.').toArray();
        // Every 7th character, and every character of the IV, ciphertext and tag and next to each dot.
        return IntStream.range(0, jwe.length())
                .filter(i -> i % 7 == 0 || i > dots[1] - 2 || IntStream.of(dots).anyMatch(d -> Math.abs(d - i) <= 1))
                .boxed();
    }

    static Stream<Integer> adminSharePositions() {
        makeSharesIfNeeded();
        return positions(adminShare);
    }

    static Stream<Integer> transferSharePositions() {
        makeSharesIfNeeded();
        return positions(transferShare);
    }

    @ParameterizedTest(name = "character {0}")
    @MethodSource("adminSharePositions")
    void changingAnyCharacterOfAnAdministratorShareIsDetected(int position) {
        String tampered = Tamper.at(adminShare, position);
        assertThatThrownBy(() -> ShareEnvelope.decrypt(tampered, admin.certificate(), admin.keys().getPrivate(), facts))
                .isInstanceOf(SecurityDomainException.class);
    }

    @ParameterizedTest(name = "character {0}")
    @MethodSource("transferSharePositions")
    void changingAnyCharacterOfATransferShareIsDetected(int position) {
        String tampered = Tamper.at(transferShare, position);
        assertThatThrownBy(() -> ShareEnvelope.decryptTransferShare(tampered, transfer.key(), transfer.token(), facts))
                .isInstanceOf(SecurityDomainException.class);
    }

    static ObjectNode header(String jwe) throws Exception {
        return (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(jwe.substring(0, jwe.indexOf('.'))));
    }

    static String withHeader(String jwe, ObjectNode header) throws Exception {
        String encoded = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(JSON.writeValueAsString(header).getBytes(UTF_8));
        return encoded + jwe.substring(jwe.indexOf('.'));
    }
}
