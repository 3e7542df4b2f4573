package org.hsmpool.node.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;

import org.hsmpool.node.testing.TestTokens;
import org.hsmpool.sd.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A certificate kept in a real SoftHSM2 token beside its key, named by the same id, gone with it. */
class TokenCertificateTest {
    private static Pkcs11Token token;
    private static byte[] der;

    @BeforeAll
    static void open() throws Exception {
        token = TestTokens.open("unit-a");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        der = SelfSignedCertificate.issue(generator.generateKeyPair(), "kept in the token", Instant.now(),
                Duration.ofDays(1)).getEncoded();
    }

    @AfterAll
    static void close() {
        token.close();
    }

    private static ObjectId fresh() {
        return ObjectId.of("cert-test." + UUID.randomUUID().toString().replace("-", ""));
    }

    @Test
    void aCertificateIsKeptBesideItsKeyAndDestroyedWithIt() {
        ObjectId id = fresh();
        token.generate(id, new KeySpec.Rsa(2048), EnumSet.of(KeyUsage.SIGN), Extractability.NEVER);
        assertThat(token.certificate(id)).isEmpty();

        token.storeCertificate(id, der);

        assertThat(token.certificate(id)).hasValueSatisfying(value -> assertThat(value).isEqualTo(der));
        assertThat(token.list().stream().filter(id::equals)).as("listed once, as a key").hasSize(1);
        assertThat(token.find(id)).hasValueSatisfying(key -> assertThat(key.spec()).isEqualTo(new KeySpec.Rsa(2048)));
        assertThatThrownBy(() -> token.storeCertificate(id, der)).isInstanceOfSatisfying(TokenException.class,
                e -> assertThat(e.kind()).isEqualTo(TokenException.Kind.EXISTS));

        assertThat(token.destroy(id)).isTrue();
        assertThat(token.certificate(id)).isEmpty();
        assertThat(token.find(id)).isEmpty();
    }

    @Test
    void bytesThatAreNoCertificateAreRefusedAndNothingIsStored() {
        ObjectId id = fresh();
        assertThatThrownBy(() -> token.storeCertificate(id, new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}))
                .isInstanceOfSatisfying(TokenException.class,
                        e -> assertThat(e.kind()).isEqualTo(TokenException.Kind.BAD_INPUT));
        assertThat(token.certificate(id)).isEmpty();
        assertThat(token.destroy(id)).isFalse();
    }

    @Test
    void aCertificateLeftWithoutItsKeyIsNoKeyAndIsDestroyedByItsId() {
        ObjectId id = fresh();
        token.storeCertificate(id, der);
        assertThat(token.list()).doesNotContain(id);
        assertThat(token.find(id)).isEmpty();
        assertThat(token.destroy(id)).isTrue();
        assertThat(token.certificate(id)).isEmpty();
    }
}
