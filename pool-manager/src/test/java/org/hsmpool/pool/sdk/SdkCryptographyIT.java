package org.hsmpool.pool.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.azure.core.exception.HttpResponseException;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.models.DecryptParameters;
import com.azure.security.keyvault.keys.cryptography.models.EncryptParameters;
import com.azure.security.keyvault.keys.cryptography.models.EncryptResult;
import com.azure.security.keyvault.keys.cryptography.models.EncryptionAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.SignResult;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.WrapResult;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateOctKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyVaultKey;

/**
 * Issue 5, done-when 1 (every algorithm): the official Azure SDK for Java's
 * {@link CryptographyClient}, with key caching disabled so that every operation reaches the pool,
 * signs, verifies, encrypts, decrypts, wraps and unwraps with every algorithm a managed HSM offers.
 * Signatures are also checked independently (JDK, Bouncy Castle for secp256k1) with the JWK the
 * SDK returned; RSA encryption done locally decrypts in the pool; tampered inputs are 4xx.
 */
class SdkCryptographyIT {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static SdkPool pool;
    private static KeyClient keys;
    private static KeyVaultKey rsa;
    private static final Map<String, KeyVaultKey> ec = new HashMap<>();
    private static final Map<Integer, KeyVaultKey> oct = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        pool = SdkPool.shared();
        keys = pool.keyClient();
        rsa = keys.createRsaKey(new CreateRsaKeyOptions(SdkPool.uniqueName("rsa")).setHardwareProtected(true)
                .setKeySize(2048));
        for (String curve : new String[] {"P-256", "P-384", "P-521", "P-256K"}) {
            ec.put(curve, keys.createEcKey(new CreateEcKeyOptions(SdkPool.uniqueName("ec"))
                    .setHardwareProtected(true).setCurveName(KeyCurveName.fromString(curve))));
        }
        for (int size : new int[] {128, 192, 256}) {
            oct.put(size, keys.createOctKey(new CreateOctKeyOptions(SdkPool.uniqueName("oct"))
                    .setHardwareProtected(true).setKeySize(size)));
        }
    }

    static Stream<Arguments> signatureAlgorithms() {
        return Stream.of(Arguments.of("RS256", "RSA"), Arguments.of("RS384", "RSA"), Arguments.of("RS512", "RSA"),
                Arguments.of("PS256", "RSA"), Arguments.of("PS384", "RSA"), Arguments.of("PS512", "RSA"),
                Arguments.of("ES256", "P-256"), Arguments.of("ES384", "P-384"), Arguments.of("ES512", "P-521"),
                Arguments.of("ES256K", "P-256K"));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("signatureAlgorithms")
    void signAndVerifyInThePoolAndCheckLocally(String algorithm, String keyKind) throws Exception {
        KeyVaultKey key = keyKind.equals("RSA") ? rsa : ec.get(keyKind);
        CryptographyClient crypto = pool.cryptographyClient(key.getId());
        SignatureAlgorithm alg = SignatureAlgorithm.fromString(algorithm);
        String hash = "SHA-" + algorithm.substring(2, 5);
        byte[] message = ("message for " + algorithm + " " + RANDOM.nextLong()).getBytes(StandardCharsets.UTF_8);
        byte[] digest = MessageDigest.getInstance(hash).digest(message);

        long before = pool.served();
        SignResult signed = crypto.sign(alg, digest);
        assertThat(pool.served()).as("the signature was made by a node").isGreaterThan(before);
        assertThat(signed.getKeyId()).isEqualTo(key.getId());
        assertThat(signed.getAlgorithm()).isEqualTo(alg);
        byte[] signature = signed.getSignature();

        assertThat(crypto.verify(alg, digest, signature).isValid()).isTrue();
        byte[] otherDigest = MessageDigest.getInstance(hash).digest("another message".getBytes());
        assertThat(crypto.verify(alg, otherDigest, signature).isValid()).isFalse();
        byte[] flipped = signature.clone();
        flipped[flipped.length / 2] ^= 1;
        assertThat(crypto.verify(alg, digest, flipped).isValid()).isFalse();

        // independently, with the public key the SDK returned
        assertThat(verifyLocally(algorithm, key.getKey(), message, signature)).as("local verification").isTrue();
        assertThat(verifyLocally(algorithm, key.getKey(), "another message".getBytes(), signature)).isFalse();
    }

    @Test
    void signWithTheLatestVersionNamesTheVersionInTheKid() {
        KeyVaultKey key = ec.get("P-256");
        String withoutVersion = pool.vaultUrl + "/keys/" + key.getName();
        CryptographyClient crypto = pool.cryptographyClient(withoutVersion);
        byte[] digest = sha256("latest");
        SignResult signed = crypto.sign(SignatureAlgorithm.ES256, digest);
        assertThat(signed.getKeyId()).isEqualTo(key.getId());
        assertThat(crypto.verify(SignatureAlgorithm.ES256, digest, signed.getSignature()).isValid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA1_5", "RSA-OAEP", "RSA-OAEP-256"})
    void rsaEncryptAndDecrypt(String algorithm) throws Exception {
        CryptographyClient crypto = pool.cryptographyClient(rsa.getId());
        EncryptionAlgorithm alg = EncryptionAlgorithm.fromString(algorithm);
        byte[] plaintext = ("secret " + algorithm).getBytes(StandardCharsets.UTF_8);

        EncryptResult encrypted = crypto.encrypt(alg, plaintext);
        assertThat(encrypted.getKeyId()).isEqualTo(rsa.getId());
        assertThat(encrypted.getCipherText()).hasSize(256);
        long before = pool.served();
        assertThat(crypto.decrypt(alg, encrypted.getCipherText()).getPlainText()).isEqualTo(plaintext);
        assertThat(pool.served()).as("decryption was done by a node").isGreaterThan(before);

        // encrypted locally with the returned public key, decrypted in the pool
        byte[] local = rsaCipher(algorithm, Cipher.ENCRYPT_MODE, rsa.getKey()).doFinal(plaintext);
        assertThat(crypto.decrypt(alg, local).getPlainText()).isEqualTo(plaintext);
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 192, 256})
    void aesGcmWithAadAndATamperedTag(int size) throws Exception {
        KeyVaultKey key = oct.get(size);
        CryptographyClient crypto = pool.cryptographyClient(key.getId());
        byte[] plaintext = "gcm plaintext of some length".getBytes(StandardCharsets.UTF_8);
        byte[] aad = "header".getBytes(StandardCharsets.UTF_8);
        EncryptResult encrypted = switch (size) {
            case 128 -> crypto.encrypt(EncryptParameters.createA128GcmParameters(plaintext, aad), null);
            case 192 -> crypto.encrypt(EncryptParameters.createA192GcmParameters(plaintext, aad), null);
            default -> crypto.encrypt(EncryptParameters.createA256GcmParameters(plaintext, aad), null);
        };
        assertThat(encrypted.getKeyId()).isEqualTo(key.getId());
        assertThat(encrypted.getIv()).as("iv").hasSize(12);
        assertThat(encrypted.getAuthenticationTag()).as("tag").hasSize(16);
        assertThat(encrypted.getCipherText()).hasSize(plaintext.length).isNotEqualTo(plaintext);

        assertThat(crypto.decrypt(gcm(size, encrypted.getCipherText(), encrypted.getIv(),
                encrypted.getAuthenticationTag(), aad), null).getPlainText()).isEqualTo(plaintext);

        byte[] tag = encrypted.getAuthenticationTag().clone();
        tag[0] ^= 1;
        assertThat(status(() -> crypto.decrypt(gcm(size, encrypted.getCipherText(), encrypted.getIv(), tag, aad),
                null))).as("tampered tag").isEqualTo(400);
        assertThat(status(() -> crypto.decrypt(gcm(size, encrypted.getCipherText(), encrypted.getIv(),
                encrypted.getAuthenticationTag(), "other".getBytes()), null))).as("other aad").isEqualTo(400);
        byte[] ciphertext = encrypted.getCipherText().clone();
        ciphertext[0] ^= 1;
        assertThat(status(() -> crypto.decrypt(gcm(size, ciphertext, encrypted.getIv(),
                encrypted.getAuthenticationTag(), aad), null))).as("tampered ciphertext").isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 192, 256})
    void aesCbcAndCbcPadWithAClientIv(int size) {
        CryptographyClient crypto = pool.cryptographyClient(oct.get(size).getId());
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        byte[] blocks = new byte[48];
        RANDOM.nextBytes(blocks);
        EncryptResult cbc = crypto.encrypt(cbcEncrypt(size, false, blocks, iv), null);
        assertThat(cbc.getCipherText()).hasSize(48);
        assertThat(crypto.decrypt(cbcDecrypt(size, false, cbc.getCipherText(), iv), null).getPlainText())
                .isEqualTo(blocks);

        byte[] odd = "not a multiple of sixteen bytes".getBytes(StandardCharsets.UTF_8);
        EncryptResult pad = crypto.encrypt(cbcEncrypt(size, true, odd, iv), null);
        assertThat(pad.getCipherText()).hasSize(32);
        assertThat(crypto.decrypt(cbcDecrypt(size, true, pad.getCipherText(), iv), null).getPlainText())
                .isEqualTo(odd);

        assertThat(status(() -> crypto.encrypt(cbcEncrypt(size, false, odd, iv), null)))
                .as("CBC without padding needs whole blocks").isEqualTo(400);
    }

    /**
     * The Java SDK sends no {@code iv} for AES-CBC when the caller gives none (it generates one only
     * for local crypto), and Managed HSM requires the client to send it ("clients will have to send
     * an IV to AES-CBC implementations for compliance", Azure/azure-sdk-for-net#16175): a 400.
     */
    @Test
    void aesCbcWithoutAnIvFromTheClientIsRefused() throws Exception {
        CryptographyClient crypto = pool.cryptographyClient(oct.get(256).getId());
        byte[] plaintext = "sixteen bytes!!!".getBytes(StandardCharsets.UTF_8);
        HttpResponseException refused = (HttpResponseException) catchThrowable(
                () -> crypto.encrypt(EncryptParameters.createA256CbcPadParameters(plaintext), null));
        assertThat(refused).isNotNull();
        assertThat(refused.getResponse().getStatusCode()).isEqualTo(400);
        assertThat(refused.getMessage()).contains("BadParameter").contains("IV");
        String sent = pool.lastRequest.get();
        assertThat(sent).contains("/encrypt?api-version=").contains("\"alg\":\"A256CBCPAD\"")
                .doesNotContain("\"iv\"");
        System.out.println("SDK request for AES-CBC without an iv: " + sent + " -> " + refused.getMessage());
        CryptographyClient aes128 = pool.cryptographyClient(oct.get(128).getId());
        assertThat(status(() -> aes128.encrypt(EncryptParameters.createA128CbcParameters(new byte[16]), null)))
                .isEqualTo(400);
    }

    @Test
    void wrapAndUnwrapWithRsaOaep256() throws Exception {
        CryptographyClient crypto = pool.cryptographyClient(rsa.getId());
        byte[] cek = new byte[32];
        RANDOM.nextBytes(cek);
        WrapResult wrapped = crypto.wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, cek);
        assertThat(wrapped.getKeyId()).isEqualTo(rsa.getId());
        assertThat(wrapped.getEncryptedKey()).hasSize(256);
        long before = pool.served();
        assertThat(crypto.unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, wrapped.getEncryptedKey()).getKey())
                .isEqualTo(cek);
        assertThat(pool.served()).isGreaterThan(before);
        byte[] local = rsaCipher("RSA-OAEP-256", Cipher.ENCRYPT_MODE, rsa.getKey()).doFinal(cek);
        assertThat(crypto.unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, local).getKey()).isEqualTo(cek);
        for (KeyWrapAlgorithm other : new KeyWrapAlgorithm[] {KeyWrapAlgorithm.RSA_OAEP, KeyWrapAlgorithm.RSA1_5}) {
            assertThat(crypto.unwrapKey(other, crypto.wrapKey(other, cek).getEncryptedKey()).getKey())
                    .as(other.toString()).isEqualTo(cek);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 192, 256})
    void wrapAndUnwrapWithAesKw(int size) throws Exception {
        CryptographyClient crypto = pool.cryptographyClient(oct.get(size).getId());
        KeyWrapAlgorithm alg = KeyWrapAlgorithm.fromString("A" + size + "KW");
        byte[] cek = new byte[32];
        RANDOM.nextBytes(cek);
        long before = pool.served();
        WrapResult wrapped = crypto.wrapKey(alg, cek);
        assertThat(wrapped.getKeyId()).isEqualTo(oct.get(size).getId());
        assertThat(wrapped.getEncryptedKey()).hasSize(40);
        assertThat(crypto.unwrapKey(alg, wrapped.getEncryptedKey()).getKey()).isEqualTo(cek);
        assertThat(pool.served()).isGreaterThanOrEqualTo(before + 2);
        byte[] tampered = wrapped.getEncryptedKey().clone();
        tampered[3] ^= 1;
        assertThat(status(() -> crypto.unwrapKey(alg, tampered))).as("tampered wrapped key").isEqualTo(400);
    }

    @Test
    void badInputIsA4xxNeverA5xx() throws Exception {
        CryptographyClient rsaCrypto = pool.cryptographyClient(rsa.getId());
        CryptographyClient ecCrypto = pool.cryptographyClient(ec.get("P-256").getId());
        CryptographyClient octCrypto = pool.cryptographyClient(oct.get(256).getId());
        byte[] digest = sha256("x");

        HttpResponseException wrongLength = (HttpResponseException) catchThrowable(
                () -> ecCrypto.sign(SignatureAlgorithm.ES256, new byte[31]));
        assertThat(wrongLength).isNotNull();
        assertThat(wrongLength.getResponse().getStatusCode()).isEqualTo(400);
        assertThat(wrongLength.getMessage()).contains("BadParameter");
        assertThat(status(() -> rsaCrypto.sign(SignatureAlgorithm.RS384, digest))).as("RS384 with 32 bytes")
                .isEqualTo(400);
        assertThat(status(() -> ecCrypto.verify(SignatureAlgorithm.ES256, new byte[20], new byte[64])))
                .as("verify with a digest of the wrong length").isEqualTo(400);
        assertThat(status(() -> ecCrypto.sign(SignatureAlgorithm.ES384, MessageDigest.getInstance("SHA-384")
                .digest(new byte[1])))).as("ES384 on P-256").isBetween(400, 403);
        assertThat(status(() -> rsaCrypto.sign(SignatureAlgorithm.ES256, digest))).as("ES256 on RSA")
                .isBetween(400, 403);
        assertThat(status(() -> ecCrypto.encrypt(EncryptionAlgorithm.RSA_OAEP, new byte[8]))).as("encrypt with EC")
                .isBetween(400, 403);
        assertThat(status(() -> octCrypto.encrypt(EncryptionAlgorithm.RSA_OAEP, new byte[8])))
                .as("RSA algorithm on an AES key").isBetween(400, 403);
        assertThat(status(() -> rsaCrypto.decrypt(EncryptionAlgorithm.RSA_OAEP, new byte[256])))
                .as("RSA garbage").isEqualTo(400);
        assertThat(status(() -> rsaCrypto.decrypt(EncryptionAlgorithm.RSA_OAEP, new byte[5])))
                .as("RSA ciphertext of the wrong length").isEqualTo(400);
        assertThat(status(() -> octCrypto.unwrapKey(KeyWrapAlgorithm.A256KW, new byte[7])))
                .as("AES-KW input of the wrong length").isEqualTo(400);
        assertThat(status(() -> octCrypto.decrypt(DecryptParameters.createA256GcmParameters(new byte[16],
                new byte[12], new byte[3]), null))).as("GCM tag of 3 bytes").isEqualTo(400);
        assertThat(status(() -> pool.cryptographyClient(pool.vaultUrl + "/keys/no-such-key/"
                + "0123456789abcdef0123456789abcdef").sign(SignatureAlgorithm.ES256, digest)))
                .as("missing key").isEqualTo(404);
    }

    private static DecryptParameters gcm(int size, byte[] ciphertext, byte[] iv, byte[] tag, byte[] aad) {
        return switch (size) {
            case 128 -> DecryptParameters.createA128GcmParameters(ciphertext, iv, tag, aad);
            case 192 -> DecryptParameters.createA192GcmParameters(ciphertext, iv, tag, aad);
            default -> DecryptParameters.createA256GcmParameters(ciphertext, iv, tag, aad);
        };
    }

    private static EncryptParameters cbcEncrypt(int size, boolean pad, byte[] plaintext, byte[] iv) {
        return switch (size * 2 + (pad ? 1 : 0)) {
            case 256 -> EncryptParameters.createA128CbcParameters(plaintext, iv);
            case 257 -> EncryptParameters.createA128CbcPadParameters(plaintext, iv);
            case 384 -> EncryptParameters.createA192CbcParameters(plaintext, iv);
            case 385 -> EncryptParameters.createA192CbcPadParameters(plaintext, iv);
            case 512 -> EncryptParameters.createA256CbcParameters(plaintext, iv);
            default -> EncryptParameters.createA256CbcPadParameters(plaintext, iv);
        };
    }

    private static DecryptParameters cbcDecrypt(int size, boolean pad, byte[] ciphertext, byte[] iv) {
        return switch (size * 2 + (pad ? 1 : 0)) {
            case 256 -> DecryptParameters.createA128CbcParameters(ciphertext, iv);
            case 257 -> DecryptParameters.createA128CbcPadParameters(ciphertext, iv);
            case 384 -> DecryptParameters.createA192CbcParameters(ciphertext, iv);
            case 385 -> DecryptParameters.createA192CbcPadParameters(ciphertext, iv);
            case 512 -> DecryptParameters.createA256CbcParameters(ciphertext, iv);
            default -> DecryptParameters.createA256CbcPadParameters(ciphertext, iv);
        };
    }

    /** The HTTP status the SDK call failed with; fails the test if it succeeded or failed otherwise. */
    private static int status(ThrowingCall call) {
        Throwable t = catchThrowable(call::run);
        assertThat(t).as("the call should have been refused").isInstanceOf(HttpResponseException.class);
        int status = ((HttpResponseException) t).getResponse().getStatusCode();
        assertThat(status).as(t.getMessage()).isBetween(400, 499);
        return status;
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static Cipher rsaCipher(String algorithm, int mode, JsonWebKey jwk) throws Exception {
        PublicKey key = rsaPublic(jwk);
        Cipher c;
        switch (algorithm) {
            case "RSA1_5" -> {
                c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
                c.init(mode, key);
            }
            case "RSA-OAEP" -> {
                c = Cipher.getInstance("RSA/ECB/OAEPPadding");
                c.init(mode, key, new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1,
                        PSource.PSpecified.DEFAULT));
            }
            default -> {
                c = Cipher.getInstance("RSA/ECB/OAEPPadding");
                c.init(mode, key, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                        PSource.PSpecified.DEFAULT));
            }
        }
        return c;
    }

    private static PublicKey rsaPublic(JsonWebKey jwk) throws Exception {
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(new BigInteger(1, jwk.getN()),
                new BigInteger(1, jwk.getE())));
    }

    private static PublicKey ecPublic(JsonWebKey jwk) throws Exception {
        String curve = switch (jwk.getCurveName().toString()) {
            case "P-256" -> "secp256r1";
            case "P-384" -> "secp384r1";
            case "P-521" -> "secp521r1";
            default -> "secp256k1";
        };
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC", BC);
        params.init(new ECGenParameterSpec(curve));
        ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
        return KeyFactory.getInstance("EC", BC).generatePublic(new ECPublicKeySpec(
                new ECPoint(new BigInteger(1, jwk.getX()), new BigInteger(1, jwk.getY())), spec));
    }

    /** Verify a JWS-format signature over the message with the JDK (RSA, NIST curves) or Bouncy Castle (secp256k1). */
    private static boolean verifyLocally(String algorithm, JsonWebKey jwk, byte[] message, byte[] signature)
            throws Exception {
        String bits = algorithm.substring(2, 5);
        Signature v;
        if (algorithm.startsWith("RS")) {
            v = Signature.getInstance("SHA" + bits + "withRSA");
            v.initVerify(rsaPublic(jwk));
        } else if (algorithm.startsWith("PS")) {
            v = Signature.getInstance("RSASSA-PSS");
            int hashLength = Integer.parseInt(bits) / 8;
            MGF1ParameterSpec mgf = new MGF1ParameterSpec("SHA-" + bits);
            v.setParameter(new PSSParameterSpec("SHA-" + bits, "MGF1", mgf, hashLength, 1));
            v.initVerify(rsaPublic(jwk));
        } else if (algorithm.equals("ES256K")) {
            v = Signature.getInstance("SHA256withPLAIN-ECDSA", BC);
            v.initVerify(ecPublic(jwk));
        } else {
            v = Signature.getInstance("SHA" + bits + "withECDSAinP1363Format");
            PublicKey pub = ecPublic(jwk);
            v.initVerify(KeyFactory.getInstance("EC").generatePublic(
                    new java.security.spec.X509EncodedKeySpec(pub.getEncoded())));
        }
        v.update(message);
        return v.verify(signature);
    }

}
