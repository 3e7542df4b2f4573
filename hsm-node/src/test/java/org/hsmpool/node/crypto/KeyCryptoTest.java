package org.hsmpool.node.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

import org.hsmpool.node.rpc.RepliesAccess;
import org.hsmpool.node.testing.JcaKeys;
import org.hsmpool.node.testing.TestTokens;
import org.hsmpool.node.token.Curve;
import org.hsmpool.node.token.Extractability;
import org.hsmpool.node.token.KeySpec;
import org.hsmpool.node.token.ObjectId;
import org.hsmpool.node.token.Pkcs11Token;
import org.hsmpool.node.token.StoredKey;
import org.hsmpool.node.token.TokenException;
import org.hsmpool.nodeapi.v1.NodeError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every key type with every algorithm it supports, in a real SoftHSM2 token, checked against an
 * independent implementation: signatures verified by the JDK or Bouncy Castle from the public key
 * the node reports; ciphertexts made by the JDK decrypted by the node and the other way round.
 */
class KeyCryptoTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static Pkcs11Token token;
    private static KeyCrypto crypto;

    @BeforeAll
    static void open() {
        token = TestTokens.open("unit-b");
        crypto = new KeyCrypto(token);
    }

    @AfterAll
    static void close() {
        RSA_KEYS.values().forEach(k -> token.destroy(k.id()));
        token.close();
    }

    private static ObjectId fresh() {
        return ObjectId.of(UUID.randomUUID().toString().replace("-", ""));
    }

    private static StoredKey generate(KeySpec spec) {
        return token.generate(fresh(), spec, KeyOperation.usages(spec, KeyOperation.allowedFor(spec)),
                Extractability.WRAPPED_ONLY);
    }

    /** An AES key with a value the test knows, so the JDK can encrypt and decrypt with it too. */
    private static StoredKey knownAes(byte[] value) {
        KeySpec spec = new KeySpec.Aes(value.length * 8);
        return token.importSecret(fresh(), spec, value, KeyOperation.usages(spec, KeyOperation.allowedFor(spec)),
                Extractability.WRAPPED_ONLY);
    }

    // --- signatures ---------------------------------------------------------------------------

    static Stream<Arguments> signatureCases() {
        // ML-DSA keys are not token keys: MlDsaTest and MlDsaKeysIT cover them
        return Stream.of(SignatureAlgorithm.values()).filter(alg -> alg.family() != SignatureAlgorithm.Family.ML_DSA)
                .flatMap(alg -> {
            if (alg.family() == SignatureAlgorithm.Family.ECDSA) {
                return Stream.of(Arguments.of(alg, new KeySpec.Ec(alg.curve())));
            }
            return Stream.of(Arguments.of(alg, new KeySpec.Rsa(2048)), Arguments.of(alg, new KeySpec.Rsa(3072)));
        });
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("signatureCases")
    void signatureOverADigestVerifiesIndependentlyAndTamperingIsDetected(SignatureAlgorithm alg, KeySpec spec)
            throws Exception {
        StoredKey key = generate(spec);
        byte[] message = ("message for " + alg).getBytes();
        byte[] digest = MessageDigest.getInstance(alg.hash().jcaName()).digest(message);

        byte[] signature = crypto.sign(key.id(), alg, digest);

        assertThat(jcaVerify(alg, JcaKeys.of(key.publicKey()), message, signature)).isTrue();
        assertThat(crypto.verify(key.id(), alg, digest, signature)).isTrue();
        byte[] tampered = signature.clone();
        tampered[tampered.length / 2] ^= 0x01;
        assertThat(crypto.verify(key.id(), alg, digest, tampered)).isFalse();
        assertThat(jcaVerify(alg, JcaKeys.of(key.publicKey()), message, tampered)).isFalse();
        byte[] otherDigest = digest.clone();
        otherDigest[0] ^= 0x01;
        assertThat(crypto.verify(key.id(), alg, otherDigest, signature)).isFalse();
        token.destroy(key.id());
    }

    private static boolean jcaVerify(SignatureAlgorithm alg, PublicKey key, byte[] message, byte[] signature)
            throws Exception {
        String hash = alg.hash().jcaName().replace("-", "");
        Signature s;
        switch (alg.family()) {
            case RSA_PKCS1 -> s = Signature.getInstance(hash + "withRSA");
            case RSA_PSS -> {
                s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec(alg.hash().jcaName(), "MGF1",
                        new MGF1ParameterSpec(alg.hash().jcaName()), alg.hash().length(), 1));
            }
            default -> s = Signature.getInstance(hash + "withPLAIN-ECDSA", JcaKeys.BC);
        }
        s.initVerify(key);
        s.update(message);
        try {
            return s.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        }
    }

    @Test
    void ecdsaSignaturesAreFixedLengthRAndS() {
        for (Curve curve : Curve.values()) {
            StoredKey key = generate(new KeySpec.Ec(curve));
            SignatureAlgorithm alg = Stream.of(SignatureAlgorithm.values()).filter(a -> a.curve() == curve)
                    .findFirst().orElseThrow();
            assertThat(crypto.sign(key.id(), alg, new byte[alg.hash().length()])).hasSize(2 * curve.fieldBytes());
            token.destroy(key.id());
        }
    }

    @ParameterizedTest
    @EnumSource(value = SignatureAlgorithm.class, mode = EnumSource.Mode.MATCH_NONE, names = "ML_DSA_.*")
    void aDigestOfTheWrongLengthIsABadRequest(SignatureAlgorithm alg) {
        StoredKey key = generate(alg.curve() == null ? new KeySpec.Rsa(2048) : new KeySpec.Ec(alg.curve()));
        assertThatThrownBy(() -> crypto.sign(key.id(), alg, new byte[alg.hash().length() + 1]))
                .isInstanceOfSatisfying(NodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(NodeException.Reason.BAD_REQUEST))
                .hasMessageContaining("digest");
        token.destroy(key.id());
    }

    @Test
    void anAlgorithmForAnotherKeyTypeIsABadRequest() {
        StoredKey ec = generate(new KeySpec.Ec(Curve.P_256));
        assertThatThrownBy(() -> crypto.sign(ec.id(), SignatureAlgorithm.ES384, new byte[48]))
                .isInstanceOfSatisfying(NodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(NodeException.Reason.BAD_REQUEST));
        assertThatThrownBy(() -> crypto.sign(ec.id(), SignatureAlgorithm.RS256, new byte[32]))
                .isInstanceOf(NodeException.class);
        assertThatThrownBy(() -> crypto.encrypt(ec.id(), CipherAlgorithm.RSA_OAEP, new byte[4], new byte[0], null))
                .isInstanceOf(NodeException.class);
        assertThatThrownBy(() -> crypto.sign(ec.id(), SignatureAlgorithm.ML_DSA_65, new byte[32]))
                .isInstanceOfSatisfying(NodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(NodeException.Reason.BAD_REQUEST))
                .hasMessageContaining("ML-DSA-65 cannot be used with a EC P_256 key");
        token.destroy(ec.id());
    }

    @Test
    void aMissingKeyIsKeyNotFound() {
        assertThatThrownBy(() -> crypto.sign(fresh(), SignatureAlgorithm.ES256, new byte[32]))
                .isInstanceOfSatisfying(NodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(NodeException.Reason.KEY_NOT_FOUND));
    }

    // --- RSA encryption -----------------------------------------------------------------------

    static Stream<Arguments> rsaCases() {
        return Stream.of(CipherAlgorithm.RSA1_5, CipherAlgorithm.RSA_OAEP, CipherAlgorithm.RSA_OAEP_256)
                .flatMap(alg -> Stream.of(2048, 3072, 4096).map(bits -> Arguments.of(alg, bits)));
    }

    private static final java.util.Map<Integer, StoredKey> RSA_KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    private static StoredKey rsa(int bits) {
        return RSA_KEYS.computeIfAbsent(bits, b -> generate(new KeySpec.Rsa(b)));
    }

    @ParameterizedTest(name = "{0} RSA-{1}")
    @MethodSource("rsaCases")
    void rsaCiphertextFromTheJdkDecryptsInTheNodeAndBack(CipherAlgorithm alg, int bits) throws Exception {
        StoredKey key = rsa(bits);
        PublicKey pub = JcaKeys.of(key.publicKey());
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);

        Cipher jdk = jdkRsa(alg, pub);
        byte[] fromJdk = jdk.doFinal(secret);
        assertThat(crypto.decrypt(key.id(), alg, fromJdk, new byte[0], null, new byte[0])).isEqualTo(secret);
        assertThat(crypto.unwrapKey(key.id(), alg, fromJdk)).isEqualTo(secret);

        byte[] fromNode = crypto.encrypt(key.id(), alg, secret, new byte[0], null).ciphertext();
        assertThat(fromNode).hasSize(bits / 8);
        assertThat(crypto.decrypt(key.id(), alg, fromNode, new byte[0], null, new byte[0])).isEqualTo(secret);
        byte[] wrapped = crypto.wrapKey(key.id(), alg, secret);
        assertThat(crypto.unwrapKey(key.id(), alg, wrapped)).isEqualTo(secret);

        byte[] tampered = fromJdk.clone();
        tampered[tampered.length - 3] ^= 0x01;
        assertRefusedAs(() -> crypto.decrypt(key.id(), alg, tampered, new byte[0], null, new byte[0]),
                NodeError.Reason.INTEGRITY, NodeError.Reason.BAD_REQUEST);
    }

    private static Cipher jdkRsa(CipherAlgorithm alg, PublicKey pub) throws Exception {
        Cipher c;
        switch (alg) {
            case RSA1_5 -> {
                c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
                c.init(Cipher.ENCRYPT_MODE, pub);
            }
            case RSA_OAEP -> {
                c = Cipher.getInstance("RSA/ECB/OAEPPadding");
                c.init(Cipher.ENCRYPT_MODE, pub, new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1,
                        PSource.PSpecified.DEFAULT));
            }
            default -> {
                c = Cipher.getInstance("RSA/ECB/OAEPPadding");
                c.init(Cipher.ENCRYPT_MODE, pub, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                        PSource.PSpecified.DEFAULT));
            }
        }
        return c;
    }

    // --- AES ----------------------------------------------------------------------------------

    static Stream<CipherAlgorithm> aesModes() {
        return Stream.of(CipherAlgorithm.values()).filter(a -> a.family() != CipherAlgorithm.Family.RSA
                && a.family() != CipherAlgorithm.Family.AES_KW);
    }

    @ParameterizedTest
    @MethodSource("aesModes")
    void aesCiphertextIsInterchangeableWithTheJdk(CipherAlgorithm alg) throws Exception {
        byte[] value = new byte[alg.aesBits() / 8];
        RANDOM.nextBytes(value);
        StoredKey key = knownAes(value);
        SecretKeySpec jdkKey = new SecretKeySpec(value, "AES");
        byte[] plaintext = new byte[alg.family() == CipherAlgorithm.Family.AES_CBC ? 64 : 1000];
        RANDOM.nextBytes(plaintext);
        byte[] aad = alg.family() == CipherAlgorithm.Family.AES_GCM ? "additional data".getBytes() : null;
        byte[] iv = alg.family() == CipherAlgorithm.Family.AES_GCM ? new byte[0] : randomBytes(16);

        KeyCrypto.Encrypted e = crypto.encrypt(key.id(), alg, plaintext, iv, aad);

        Cipher jdk = jdkAes(alg, Cipher.DECRYPT_MODE, jdkKey, e.iv(), aad);
        byte[] input = alg.family() == CipherAlgorithm.Family.AES_GCM ? concat(e.ciphertext(), e.tag()) : e.ciphertext();
        assertThat(jdk.doFinal(input)).isEqualTo(plaintext);

        byte[] jdkIv = alg.family() == CipherAlgorithm.Family.AES_GCM ? randomBytes(12) : randomBytes(16);
        byte[] fromJdk = jdkAes(alg, Cipher.ENCRYPT_MODE, jdkKey, jdkIv, aad).doFinal(plaintext);
        if (alg.family() == CipherAlgorithm.Family.AES_GCM) {
            byte[] ct = Arrays.copyOf(fromJdk, fromJdk.length - 16);
            byte[] tag = Arrays.copyOfRange(fromJdk, fromJdk.length - 16, fromJdk.length);
            assertThat(crypto.decrypt(key.id(), alg, ct, jdkIv, aad, tag)).isEqualTo(plaintext);
            assertIntegrityFailure(() -> crypto.decrypt(key.id(), alg, flip(ct), jdkIv, aad, tag));
            assertIntegrityFailure(() -> crypto.decrypt(key.id(), alg, ct, jdkIv, aad, flip(tag)));
            assertIntegrityFailure(() -> crypto.decrypt(key.id(), alg, ct, jdkIv, flip(aad), tag));
            assertIntegrityFailure(() -> crypto.decrypt(key.id(), alg, ct, flip(jdkIv), aad, tag));
        } else {
            assertThat(crypto.decrypt(key.id(), alg, fromJdk, jdkIv, null, new byte[0])).isEqualTo(plaintext);
        }
        token.destroy(key.id());
    }

    @Test
    void cbcPadWithBrokenPaddingFailsCleanly() throws Exception {
        byte[] value = randomBytes(32);
        StoredKey key = knownAes(value);
        byte[] iv = randomBytes(16);
        Cipher raw = Cipher.getInstance("AES/CBC/NoPadding");
        raw.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(value, "AES"), new IvParameterSpec(iv));
        byte[] badPadding = raw.doFinal(new byte[32]); // last byte 0 is not valid PKCS#7 padding
        assertRefusedAs(() -> crypto.decrypt(key.id(), CipherAlgorithm.A256CBCPAD, badPadding, iv, null, new byte[0]),
                NodeError.Reason.INTEGRITY, NodeError.Reason.BAD_REQUEST);
        token.destroy(key.id());
    }

    @Test
    void gcmRefusesACallerChosenIvAndCbcNeedsOne() {
        StoredKey key = knownAes(randomBytes(16));
        assertThatThrownBy(() -> crypto.encrypt(key.id(), CipherAlgorithm.A128GCM, new byte[8], randomBytes(12), null))
                .isInstanceOfSatisfying(NodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(NodeException.Reason.BAD_REQUEST));
        assertThatThrownBy(() -> crypto.encrypt(key.id(), CipherAlgorithm.A128CBC, new byte[16], new byte[0], null))
                .hasMessageContaining("16-byte IV");
        assertThatThrownBy(() -> crypto.encrypt(key.id(), CipherAlgorithm.A128CBC, new byte[15], randomBytes(16), null))
                .hasMessageContaining("multiple of 16");
        assertThatThrownBy(() -> crypto.encrypt(key.id(), CipherAlgorithm.A256GCM, new byte[8], new byte[0], null))
                .as("a 128-bit key cannot serve A256GCM").isInstanceOf(NodeException.class);
        token.destroy(key.id());
    }

    @ParameterizedTest
    @EnumSource(value = CipherAlgorithm.class, names = {"A128KW", "A192KW", "A256KW"})
    void aesKeyWrapIsInterchangeableWithTheJdk(CipherAlgorithm alg) throws Exception {
        byte[] value = randomBytes(alg.aesBits() / 8);
        StoredKey key = knownAes(value);
        byte[] cek = randomBytes(32);
        Cipher jdk = Cipher.getInstance("AESWrap");
        jdk.init(Cipher.WRAP_MODE, new SecretKeySpec(value, "AES"));
        byte[] fromJdk = jdk.wrap(new SecretKeySpec(cek, "AES"));
        assertThat(crypto.unwrapKey(key.id(), alg, fromJdk)).isEqualTo(cek);

        byte[] fromNode = crypto.wrapKey(key.id(), alg, cek);
        assertThat(fromNode).isEqualTo(fromJdk); // RFC 3394 is deterministic
        assertIntegrityFailure(() -> crypto.unwrapKey(key.id(), alg, flip(fromNode)));
        token.destroy(key.id());
    }

    @Test
    void randomBytesComeFromTheTokenWithinBounds() {
        assertThat(crypto.random(32)).hasSize(32).isNotEqualTo(crypto.random(32));
        assertThatThrownBy(() -> crypto.random(0)).isInstanceOf(NodeException.class);
        assertThatThrownBy(() -> crypto.random(KeyCrypto.MAX_RANDOM_BYTES + 1)).isInstanceOf(NodeException.class);
    }

    @Test
    void usagesAreLeastPrivilege() {
        KeySpec spec = new KeySpec.Ec(Curve.P_384);
        StoredKey key = token.generate(fresh(), spec, KeyOperation.usages(spec, EnumSet.of(KeyOperation.VERIFY)),
                Extractability.WRAPPED_ONLY);
        assertRefusedAs(() -> crypto.sign(key.id(), SignatureAlgorithm.ES384, new byte[48]), NodeError.Reason.KEY_USAGE);
        assertThatThrownBy(() -> KeyOperation.usages(spec, Set.of(KeyOperation.DECRYPT)))
                .isInstanceOf(NodeException.class).hasMessageContaining("decrypt");
        token.destroy(key.id());
    }

    private static void assertIntegrityFailure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertRefusedAs(call, NodeError.Reason.INTEGRITY);
    }

    /**
     * The call fails with one of {@code reasons} as the caller sees it: a refusal of the node
     * ({@link NodeException}) or of the token ({@link TokenException}, which the gRPC edge reads),
     * each read the way the gRPC edge reads it ({@code RepliesTest} covers every reason and kind).
     */
    private static void assertRefusedAs(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
            NodeError.Reason... reasons) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOfAny(NodeException.class, TokenException.class);
        assertThat(RepliesAccess.errorOf((RuntimeException) thrown).getReason())
                .as(thrown.getMessage()).isIn((Object[]) reasons);
    }

    private static Cipher jdkAes(CipherAlgorithm alg, int mode, SecretKeySpec key, byte[] iv, byte[] aad)
            throws Exception {
        Cipher c;
        switch (alg.family()) {
            case AES_GCM -> {
                c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(mode, key, new GCMParameterSpec(128, iv));
                c.updateAAD(aad);
            }
            case AES_CBC -> {
                c = Cipher.getInstance("AES/CBC/NoPadding");
                c.init(mode, key, new IvParameterSpec(iv));
            }
            default -> {
                c = Cipher.getInstance("AES/CBC/PKCS5Padding");
                c.init(mode, key, new IvParameterSpec(iv));
            }
        }
        return c;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] flip(byte[] b) {
        byte[] c = b.clone();
        c[0] ^= 0x01;
        return c;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
