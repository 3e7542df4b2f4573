package org.hsmpool.node.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sun.security.pkcs11.wrapper.PKCS11Constants.*;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.RSAPublicKeySpec;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

import org.hsmpool.node.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.CK_MECHANISM;
import sun.security.pkcs11.wrapper.PKCS11;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * The measurement behind one transport key per purpose (TransportKeys): SoftHSM2 2.6.1, through the
 * JDK's wrapper, refuses CKM_RSA_PKCS_OAEP with a label (CKZ_DATA_SPECIFIED with pSourceData set) for
 * C_WrapKey and C_UnwrapKey, so purposes cannot be told apart by OAEP labels. Should a token accept
 * labels, this fails, and labels could be added on top of the separate keys.
 */
class OaepLabelTest {
    private static final byte[] LABEL = "hsmpool domain bundle v1".getBytes(StandardCharsets.US_ASCII);
    private static Pkcs11Token token;
    private static PKCS11 p11;
    private static long session;
    private static long publicKey;
    private static long privateKey;
    private static long aesKey;

    @BeforeAll
    static void open() throws Exception {
        token = TestTokens.open("unit-c"); // logs this process in
        p11 = Pkcs11Library.load(TestTokens.LIBRARY);
        session = p11.C_OpenSession(Pkcs11Library.resolveSlot(p11, TestTokens.config("unit-c", new char[0])),
                CKF_SERIAL_SESSION | CKF_RW_SESSION, null, null);
        long[] pair = p11.C_GenerateKeyPair(session, new CK_MECHANISM(CKM_RSA_PKCS_KEY_PAIR_GEN),
                new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA_TOKEN, false), new CK_ATTRIBUTE(CKA_MODULUS_BITS, 3072L),
                    new CK_ATTRIBUTE(CKA_WRAP, true)},
                new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA_TOKEN, false), new CK_ATTRIBUTE(CKA_PRIVATE, true),
                    new CK_ATTRIBUTE(CKA_SENSITIVE, true), new CK_ATTRIBUTE(CKA_UNWRAP, true)});
        publicKey = pair[0];
        privateKey = pair[1];
        aesKey = p11.C_GenerateKey(session, new CK_MECHANISM(CKM_AES_KEY_GEN), new CK_ATTRIBUTE[] {
            new CK_ATTRIBUTE(CKA_TOKEN, false), new CK_ATTRIBUTE(CKA_VALUE_LEN, 32L),
            new CK_ATTRIBUTE(CKA_EXTRACTABLE, true), new CK_ATTRIBUTE(CKA_SENSITIVE, true)});
    }

    @AfterAll
    static void close() throws Exception {
        if (p11 != null && session != 0) {
            p11.C_CloseSession(session); // destroys the session objects
        }
        if (token != null) {
            token.close();
        }
    }

    @Test
    void oaepWithoutALabelWrapsAndUnwraps() throws Exception {
        byte[] wrapped = p11.C_WrapKey(session, oaep(null), publicKey, aesKey);
        assertThat(wrapped).hasSize(384);
        long unwrapped = p11.C_UnwrapKey(session, oaep(null), privateKey, wrapped, aesTemplate());
        assertThat(unwrapped).isNotZero();
    }

    @Test
    void softHsmRefusesAnOaepLabelForWrapAndUnwrap() throws Exception {
        assertArgumentsBad(() -> p11.C_WrapKey(session, oaep(LABEL), publicKey, aesKey));

        Cipher software = Cipher.getInstance("RSA/ECB/OAEPPadding", "SunJCE");
        software.init(Cipher.ENCRYPT_MODE, publicRsa(), new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1,
                new PSource.PSpecified(LABEL)));
        byte[] labelled = software.doFinal(new byte[32]);
        assertArgumentsBad(() -> p11.C_UnwrapKey(session, oaep(LABEL), privateKey, labelled, aesTemplate()));
    }

    private static void assertArgumentsBad(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PKCS11Exception.class,
                e -> assertThat(e.getErrorCode()).as("CKR_ARGUMENTS_BAD").isEqualTo(Ckr.ARGUMENTS_BAD));
    }

    private static CK_MECHANISM oaep(byte[] label) {
        return Mechanisms.oaepSha1(label);
    }

    private static CK_ATTRIBUTE[] aesTemplate() {
        return new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA_CLASS, CKO_SECRET_KEY), new CK_ATTRIBUTE(CKA_KEY_TYPE, CKK_AES),
            new CK_ATTRIBUTE(CKA_TOKEN, false), new CK_ATTRIBUTE(CKA_SENSITIVE, true)};
    }

    private static java.security.PublicKey publicRsa() throws Exception {
        CK_ATTRIBUTE[] a = {new CK_ATTRIBUTE(CKA_MODULUS), new CK_ATTRIBUTE(CKA_PUBLIC_EXPONENT)};
        p11.C_GetAttributeValue(session, publicKey, a);
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(new BigInteger(1, a[0].getByteArray()),
                new BigInteger(1, a[1].getByteArray())));
    }
}
