package org.hsmpool.node.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;

import org.hsmpool.node.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The token seam against a real SoftHSM2 token: login, objects, handles, failures. */
class Pkcs11TokenTest {
    private static Pkcs11Token token;

    @BeforeAll
    static void open() {
        token = TestTokens.open("unit-a");
    }

    @AfterAll
    static void close() {
        token.close();
    }

    private static ObjectId fresh() {
        return ObjectId.of(UUID.randomUUID().toString().replace("-", ""));
    }

    @Test
    void slotIsResolvedFromTheLabelAndMechanismsAreListed() {
        assertThat(token.info().label()).isEqualTo("unit-a");
        assertThat(token.info().mechanisms()).contains("CKM_AES_KEY_WRAP_PAD", "CKM_ECDSA", "CKM_RSA_PKCS_PSS");
        assertThat(token.probe()).isTrue();
    }

    @Test
    void unknownLabelIsAClearError() {
        assertThatThrownBy(() -> Pkcs11Token.open(TestTokens.config("no-such-token", TestTokens.USER_PIN.clone())))
                .isInstanceOf(TokenException.class)
                .hasMessageContaining("no token labelled 'no-such-token'")
                .hasMessageContaining("unit-a");
    }

    @Test
    void wrongPinIsRefusedWithItsCkrName() {
        assertThatThrownBy(() -> Pkcs11Token.open(TestTokens.config("unit-c", "wrong-pin".toCharArray())))
                .isInstanceOfSatisfying(TokenException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TokenException.Kind.LOGIN_FAILED);
                    assertThat(e.ckr()).isEqualTo("CKR_PIN_INCORRECT");
                    assertThat(e.getMessage()).doesNotContain("wrong-pin");
                });
    }

    @Test
    void generatedKeysAreFoundListedAndDestroyed() {
        ObjectId id = fresh();
        StoredKey made = token.generate(id, new KeySpec.Ec(Curve.P_256), EnumSet.of(KeyUsage.SIGN, KeyUsage.VERIFY),
                Extractability.WRAPPED_ONLY);
        assertThat(token.find(id)).get().satisfies(found -> {
            assertThat(found.spec()).isEqualTo(made.spec());
            assertThat(found.usages()).containsExactlyInAnyOrder(KeyUsage.SIGN, KeyUsage.VERIFY);
            assertThat(found.publicKey()).isEqualTo(made.publicKey());
        });
        assertThat(token.list()).contains(id);
        assertThatThrownBy(() -> token.generate(id, new KeySpec.Aes(128), Set.of(KeyUsage.ENCRYPT),
                Extractability.WRAPPED_ONLY)).isInstanceOfSatisfying(TokenException.class,
                        e -> assertThat(e.kind()).isEqualTo(TokenException.Kind.EXISTS));
        assertThat(token.destroy(id)).isTrue();
        assertThat(token.find(id)).isEmpty();
        assertThat(token.destroy(id)).isFalse();
        assertThatThrownBy(() -> token.sign(id, new SignMechanism.Ecdsa(), new byte[32]))
                .isInstanceOfSatisfying(TokenException.class,
                        e -> assertThat(e.kind()).isEqualTo(TokenException.Kind.NOT_FOUND));
    }

    @Test
    void gcmRoundTripAndTamperedTagFails() {
        ObjectId id = fresh();
        token.generate(id, new KeySpec.Aes(256), EnumSet.of(KeyUsage.ENCRYPT, KeyUsage.DECRYPT),
                Extractability.WRAPPED_ONLY);
        byte[] iv = token.random(12);
        byte[] aad = "header".getBytes();
        byte[] ct = token.encrypt(id, new CipherMechanism.AesGcm(iv, aad), "hello".getBytes());
        assertThat(ct).hasSize(5 + 16);
        assertThat(token.decrypt(id, new CipherMechanism.AesGcm(iv, aad), ct)).isEqualTo("hello".getBytes());
        ct[0] ^= 1;
        assertThatThrownBy(() -> token.decrypt(id, new CipherMechanism.AesGcm(iv, aad), ct))
                .isInstanceOfSatisfying(TokenException.class,
                        e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(TokenException.Kind.INTEGRITY));
        token.destroy(id);
    }

    @Test
    void oaepSha1AndPssWork() {
        ObjectId id = fresh();
        token.generate(id, new KeySpec.Rsa(2048), EnumSet.allOf(KeyUsage.class), Extractability.WRAPPED_ONLY);
        byte[] ct = token.encrypt(id, new CipherMechanism.RsaOaepSha1(), "secret".getBytes());
        assertThat(ct).hasSize(256);
        assertThat(token.decrypt(id, new CipherMechanism.RsaOaepSha1(), ct)).isEqualTo("secret".getBytes());
        byte[] digest = HexFormat.of().parseHex("00".repeat(32));
        byte[] sig = token.sign(id, new SignMechanism.RsaPss(HashAlgorithm.SHA256), digest);
        assertThat(token.verify(id, new SignMechanism.RsaPss(HashAlgorithm.SHA256), digest, sig)).isTrue();
        sig[10] ^= 1;
        assertThat(token.verify(id, new SignMechanism.RsaPss(HashAlgorithm.SHA256), digest, sig)).isFalse();
        token.destroy(id);
    }
}
