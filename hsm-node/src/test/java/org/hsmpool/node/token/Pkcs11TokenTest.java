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
        assertThatThrownBy(() -> Pkcs11Token.open(TestTokens.config("unit-d", "wrong-pin".toCharArray())))
                .isInstanceOfSatisfying(TokenException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TokenException.Kind.LOGIN_FAILED);
                    assertThat(e.ckr()).isEqualTo("CKR_PIN_INCORRECT");
                    assertThat(e.getMessage()).doesNotContain("wrong-pin");
                });
    }

    @Test
    void concurrentCreatesOfOneIdLeaveExactlyOneKey() throws Exception {
        ObjectId id = fresh();
        int callers = 6;
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
        try {
            var outcomes = new java.util.ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < callers; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        token.generate(id, new KeySpec.Ec(Curve.P_256), EnumSet.of(KeyUsage.SIGN),
                                Extractability.WRAPPED_ONLY);
                        return "made";
                    } catch (TokenException e) {
                        return e.kind().name();
                    }
                }));
            }
            start.countDown();
            var answers = new java.util.ArrayList<String>();
            for (var f : outcomes) {
                answers.add(f.get());
            }
            assertThat(answers).containsOnlyOnce("made").filteredOn(a -> !a.equals("made")).containsOnly("EXISTS");
        } finally {
            pool.shutdownNow();
        }
        assertThat(token.destroy(id)).isTrue();
        assertThat(token.destroy(id)).isFalse();
    }

    @Test
    void aTokenOpenedAgainKnowsTheKeysAnEarlierSessionMade() {
        ObjectId id = fresh();
        token.generate(id, new KeySpec.Ec(Curve.P_256), EnumSet.of(KeyUsage.SIGN, KeyUsage.VERIFY),
                Extractability.WRAPPED_ONLY);
        byte[] digest = new byte[32];
        try (Pkcs11Token again = TestTokens.open("unit-a")) {
            assertThat(again.list()).contains(id);
            byte[] signature = again.sign(id, new SignMechanism.Ecdsa(), digest);
            assertThat(token.verify(id, new SignMechanism.Ecdsa(), digest, signature)).isTrue();
            assertThatThrownBy(() -> again.generate(id, new KeySpec.Aes(128), Set.of(KeyUsage.ENCRYPT),
                    Extractability.WRAPPED_ONLY)).isInstanceOfSatisfying(TokenException.class,
                            e -> assertThat(e.kind()).isEqualTo(TokenException.Kind.EXISTS));
        }
        assertThat(token.destroy(id)).isTrue();
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

    @Test
    void secretsTravelWrappedUnderAPeersTransportKeyAndWrongUnwrapKeysLeaveNothing() {
        ObjectId transport = fresh();
        StoredKey recipient = token.generate(transport, new KeySpec.Rsa(3072),
                EnumSet.of(KeyUsage.WRAP, KeyUsage.UNWRAP), Extractability.NEVER);
        ObjectId w = fresh();
        token.generate(w, new KeySpec.Aes(256), EnumSet.of(KeyUsage.WRAP, KeyUsage.UNWRAP), Extractability.WRAPPED_ONLY);
        byte[] wrapped = token.wrapForPublicKey((PublicKeyMaterial.Rsa) recipient.publicKey(),
                WrapMechanism.RSA_OAEP_SHA1, w);
        ObjectId copy = fresh();
        StoredKey unwrapped = token.unwrap(transport, WrapMechanism.RSA_OAEP_SHA1, wrapped, copy, new KeySpec.Aes(256),
                EnumSet.of(KeyUsage.WRAP, KeyUsage.UNWRAP), Extractability.WRAPPED_ONLY, new PublicKeyMaterial.None());
        assertThat(token.find(copy)).get().extracting(StoredKey::spec).isEqualTo(new KeySpec.Aes(256));
        assertThat(unwrapped.usages()).containsExactlyInAnyOrder(KeyUsage.WRAP, KeyUsage.UNWRAP);

        // an application key wrapped under w opens under its copy, and under no other key
        ObjectId app = fresh();
        StoredKey ec = token.generate(app, new KeySpec.Ec(Curve.P_256), EnumSet.of(KeyUsage.SIGN, KeyUsage.VERIFY),
                Extractability.WRAPPED_ONLY);
        byte[] blob = token.wrap(w, WrapMechanism.AES_KEY_WRAP_PAD, app);
        ObjectId moved = fresh();
        token.unwrap(copy, WrapMechanism.AES_KEY_WRAP_PAD, blob, moved, ec.spec(), ec.usages(),
                Extractability.WRAPPED_ONLY, ec.publicKey());
        byte[] sig = token.sign(moved, new SignMechanism.Ecdsa(), new byte[32]);
        assertThat(token.verify(app, new SignMechanism.Ecdsa(), new byte[32], sig)).isTrue();

        ObjectId other = fresh();
        token.generate(other, new KeySpec.Aes(256), EnumSet.of(KeyUsage.WRAP, KeyUsage.UNWRAP),
                Extractability.WRAPPED_ONLY);
        ObjectId never = fresh();
        assertThatThrownBy(() -> token.unwrap(other, WrapMechanism.AES_KEY_WRAP_PAD, blob, never, ec.spec(),
                ec.usages(), Extractability.WRAPPED_ONLY, ec.publicKey()))
                .isInstanceOfSatisfying(TokenException.class,
                        e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(TokenException.Kind.INTEGRITY));
        assertThat(token.find(never)).isEmpty();
        for (ObjectId id : new ObjectId[] {transport, w, copy, app, moved, other}) {
            token.destroy(id);
        }
    }

    @Test
    void aNeverExtractableKeyCannotBeWrapped() {
        ObjectId w = fresh();
        token.generate(w, new KeySpec.Aes(256), EnumSet.of(KeyUsage.WRAP), Extractability.WRAPPED_ONLY);
        ObjectId fixed = fresh();
        token.generate(fixed, new KeySpec.Aes(128), EnumSet.of(KeyUsage.ENCRYPT), Extractability.NEVER);
        assertThatThrownBy(() -> token.wrap(w, WrapMechanism.AES_KEY_WRAP_PAD, fixed))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.ckr()).isEqualTo("CKR_KEY_UNEXTRACTABLE"));
        token.destroy(w);
        token.destroy(fixed);
    }
}
