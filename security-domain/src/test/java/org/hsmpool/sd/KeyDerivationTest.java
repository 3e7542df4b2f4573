package org.hsmpool.sd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hsmpool.sd.SecurityDomainException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * W, H and the check value are exactly the constructions docs/security-domain.md states: the test
 * recomputes them with the JDK's HMAC, independently of the Bouncy Castle HKDF the code uses.
 */
class KeyDerivationTest {

    private static final String POOL = "8f2b6c1e-3d4a-4b5c-9e7f-0a1b2c3d4e5f";

    @Test
    void theReferenceHkdfOfThisTestMatchesRfc5869TestCase1() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] okm = hkdf(hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                hex.parseHex("000102030405060708090a0b0c"), hex.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertThat(hex.formatHex(okm)).isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                + "34007208d5b887185865");
    }

    @Test
    void wrapKeyMacKeyAndCheckValueFollowTheDocumentedConstruction() throws Exception {
        byte[] master = SharesTest.master();
        byte[] salt = ("hsmpool security domain v1:" + POOL).getBytes(UTF_8);
        try (DomainKeys keys = DomainKeys.derive(master, POOL)) {
            assertThat(keys.wrapKey()).isEqualTo(hkdf(master, salt, "hsmpool pool wrap key v1".getBytes(UTF_8), 32));
            assertThat(keys.macKey()).isEqualTo(hkdf(master, salt, "hsmpool pool mac key v1".getBytes(UTF_8), 32));
        }
        byte[] checkKey = hkdf(master, salt, "hsmpool check value key v1".getBytes(UTF_8), 32);
        assertThat(CheckValue.of(master, POOL).value())
                .isEqualTo(hmac(checkKey, "hsmpool check value v1".getBytes(UTF_8)));
    }

    @Test
    void theKeysAreDistinctAndBoundToMasterAndPoolId() {
        byte[] master = SharesTest.master();
        byte[] other = master.clone();
        other[31] ^= 1;
        DomainKeys keys = DomainKeys.derive(master, POOL);
        byte[] checkValue = CheckValue.of(master, POOL).value();
        assertThat(keys.wrapKey()).isNotEqualTo(keys.macKey()).isNotEqualTo(checkValue).isNotEqualTo(master);
        assertThat(DomainKeys.derive(other, POOL).wrapKey()).isNotEqualTo(keys.wrapKey());
        assertThat(DomainKeys.derive(master, "other-pool").wrapKey()).isNotEqualTo(keys.wrapKey());
        assertThat(DomainKeys.derive(master, "other-pool").macKey()).isNotEqualTo(keys.macKey());
        assertThat(CheckValue.of(master, "other-pool").value()).isNotEqualTo(checkValue);
        assertThat(DomainKeys.derive(master, POOL).wrapKey()).as("deterministic").isEqualTo(keys.wrapKey());
    }

    @Test
    void theCheckValueMatchesOnlyItsMasterAndPool() {
        byte[] master = SharesTest.master();
        CheckValue checkValue = CheckValue.of(master, POOL);
        byte[] other = master.clone();
        other[0] ^= (byte) 0x80;
        assertThat(checkValue.matches(master, POOL)).isTrue();
        assertThat(checkValue.matches(other, POOL)).isFalse();
        assertThat(checkValue.matches(master, "pool-2")).isFalse();
        assertThat(CheckValue.fromBase64Url(checkValue.toBase64Url(), "check_value", Reason.MALFORMED_BLOB))
                .isEqualTo(checkValue);
        assertThat(checkValue.toString()).doesNotContain(Secrets.encodings(master));
    }

    @Test
    void destroyZeroesTheKeysAndRefusesFurtherUse() {
        DomainKeys keys = DomainKeys.derive(SharesTest.master(), POOL);
        keys.close();
        assertThat(keys.isDestroyed()).isTrue();
        assertThatThrownBy(keys::wrapKey).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(keys::macKey).isInstanceOf(IllegalStateException.class);
        assertThat(keys.toString()).isEqualTo("DomainKeys[destroyed=true]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " pool", "-pool", "pool/1", "pool id", "p\u00e9ol",
            "a1234567890123456789012345678901234567890123456789012345678901234567890123456789"
                    + "01234567890123456789012345678901234567890123456789"})
    void aPoolIdOutsideThePatternIsRefused(String poolId) {
        assertThatThrownBy(() -> DomainKeys.derive(SharesTest.master(), poolId))
                .hasMessageContaining("pool_id must match")
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.INVALID_ARGUMENT);
    }

    /** RFC 5869 with the JDK's HmacSHA256. */
    private static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length) throws GeneralSecurityException {
        byte[] prk = hmac(salt, ikm);
        ByteArrayOutputStream okm = new ByteArrayOutputStream();
        byte[] block = new byte[0];
        for (int i = 1; okm.size() < length; i++) {
            ByteArrayOutputStream input = new ByteArrayOutputStream();
            input.writeBytes(block);
            input.writeBytes(info);
            input.write(i);
            block = hmac(prk, input.toByteArray());
            okm.writeBytes(block);
        }
        return java.util.Arrays.copyOf(okm.toByteArray(), length);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
