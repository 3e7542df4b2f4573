package org.hsmpool.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hsmpool.sd.SecurityDomainException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransferKeyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theJwkCarriesTheCertificateAndItsThumbprintAndParsesBack() throws Exception {
        TransferKey key = TestKeys.transfer(0).key();
        JsonNode jwk = JSON.readTree(key.toJwkJson());
        byte[] der = Base64.getDecoder().decode(jwk.get("x5c").get(0).asText());
        String thumbprint = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(der));
        assertThat(jwk.get("kty").asText()).isEqualTo("RSA");
        assertThat(jwk.get("use").asText()).isEqualTo("enc");
        assertThat(jwk.get("alg").asText()).isEqualTo("RSA-OAEP-256");
        assertThat(jwk.get("x5t#S256").asText()).isEqualTo(thumbprint);
        assertThat(jwk.get("kid").asText()).isEqualTo(thumbprint);
        assertThat(jwk.has("d")).isFalse();
        assertThat(der).isEqualTo(key.certificate().getEncoded());
        assertThat(TransferKey.parse(key.toJwkJson())).isEqualTo(key);
    }

    static Stream<Arguments> invalidJwks() {
        KeyPair other = TestKeys.transfer(1).keys();
        X509Certificate otherCertificate = TestKeys.transfer(1).key().certificate();
        X509Certificate notSelfSigned = SelfSignedCertificate.issue(TestKeys.transfer(0).keys().getPublic(),
                other.getPrivate(), null, "not self-signed", TestKeys.NOW, Duration.ofDays(1));
        return Stream.of(
                invalid("thumbprint of another certificate", j -> j.put("x5t#S256",
                        Thumbprint.of(otherCertificate).value()), "x5t#S256 is not the SHA-256 thumbprint"),
                invalid("missing thumbprint", j -> j.remove("x5t#S256"), "x5t#S256 is missing"),
                invalid("short thumbprint", j -> j.put("x5t#S256", "AAAA"), "x5t#S256 must encode 32 bytes"),
                invalid("missing x5c", j -> j.remove("x5c"), "x5c must hold exactly one"),
                invalid("two certificates", j -> j.withArray("x5c").add(encode(otherCertificate)), "x5c must hold exactly one"),
                invalid("certificate of another key", j -> {
                    j.withArray("x5c").set(0, encode(otherCertificate));
                    j.put("x5t#S256", Thumbprint.of(otherCertificate).value());
                }, "certificate"),
                invalid("certificate not self-signed", j -> {
                    j.withArray("x5c").set(0, encode(notSelfSigned));
                    j.put("x5t#S256", Thumbprint.of(notSelfSigned).value());
                }, "not self-signed"),
                invalid("signing use", j -> j.put("use", "sig"), "use must be enc"),
                invalid("another algorithm", j -> j.put("alg", "RSA1_5"), "alg must be RSA-OAEP-256"),
                invalid("elliptic curve", j -> j.put("kty", "EC"), "not a valid JWK"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidJwks")
    void anInconsistentTransferKeyIsRefused(String description, Consumer<ObjectNode> change, String message) throws Exception {
        ObjectNode jwk = (ObjectNode) JSON.readTree(TestKeys.transfer(0).key().toJwkJson());
        change.accept(jwk);
        String changed = JSON.writeValueAsString(jwk);
        assertThatThrownBy(() -> TransferKey.parse(changed))
                .hasMessageContaining(message)
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.INVALID_TRANSFER_KEY);
    }

    @Test
    void aJwkWithThePrivateKeyIsRefused() throws Exception {
        KeyPair keys = TestKeys.transfer(0).keys();
        String privateJwk = new com.nimbusds.jose.jwk.RSAKey.Builder((java.security.interfaces.RSAPublicKey) keys.getPublic())
                .privateKey(keys.getPrivate())
                .x509CertChain(java.util.List.of(com.nimbusds.jose.util.Base64.encode(
                        TestKeys.transfer(0).key().certificate().getEncoded())))
                .build().toJSONString();
        assertThatThrownBy(() -> TransferKey.parse(privateJwk))
                .hasMessageContaining("only the public key")
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.INVALID_TRANSFER_KEY);
        assertThatThrownBy(() -> TransferKey.parse("{not json"))
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.INVALID_TRANSFER_KEY);
    }

    private static Arguments invalid(String description, Consumer<ObjectNode> change, String message) {
        return Arguments.of(description, change, message);
    }

    private static String encode(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
