package org.hsmpool.pool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.hsmpool.pool.api.Requests.BODIES;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Throws damaged versions of valid request bodies (truncated, a character deleted or replaced,
 * random bytes) at every body reader: each must either read the body or refuse it with a 4xx
 * KeyVaultException. Anything else would reach the client as a 500.
 */
class BadInputTest {
    private static final String REPLACEMENTS = "\"{}[]:,0-9 \\=+/nte.\u0000\u00e9\uFFFF";

    static Stream<Arguments> readers() {
        return Stream.of(
                Arguments.of("create", reader(KeyCreateParameters.class, KeyCreateParameters::toNewKey),
                        "{\"kty\":\"RSA-HSM\",\"key_size\":2048,\"public_exponent\":65537,\"key_ops\":[\"sign\","
                                + "\"verify\"],\"attributes\":{\"enabled\":true,\"nbf\":1700000000,\"exp\":1800000000},"
                                + "\"tags\":{\"a\":\"b\"},\"crv\":\"P-256\"}"),
                Arguments.of("sign", reader(KeySignParameters.class, p -> p),
                        "{\"alg\":\"RS256\",\"value\":\"47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU\"}"),
                Arguments.of("verify", reader(KeyVerifyParameters.class, p -> p),
                        "{\"alg\":\"ES256\",\"digest\":\"47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU\","
                                + "\"value\":\"AQIDBA\"}"),
                Arguments.of("encrypt", reader(KeyOperationsParameters.class, p -> p),
                        "{\"alg\":\"A256GCM\",\"value\":\"aGVsbG8\",\"iv\":\"AAECAwQFBgcICQoL\",\"aad\":\"YQ\","
                                + "\"tag\":\"AAECAwQFBgcICQoLDA0ODw\"}"),
                Arguments.of("rng", reader(GetRandomBytesRequest.class, p -> p), "{\"count\":32}"),
                Arguments.of("import", reader(KeyImportParameters.class, KeyImportParameters::toImportedKey),
                        "{\"key\":{\"kty\":\"AKP-HSM\",\"alg\":\"ML-DSA-44\",\"pub\":\"AQID\",\"priv\":\"BAUG\","
                                + "\"key_ops\":[\"sign\"]},\"Hsm\":true,\"tags\":{\"t\":\"v\"}}"),
                Arguments.of("update", reader(KeyUpdateParameters.class, KeyUpdateParameters::toKeyUpdate),
                        "{\"key_ops\":[\"sign\"],\"attributes\":{\"enabled\":false,\"exp\":1800000000}}"),
                Arguments.of("rotation policy", reader(RotationPolicyParameters.class,
                        RotationPolicyParameters::toRotationPolicy),
                        "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P90D\"},\"action\":{\"type\":"
                                + "\"rotate\"}}],\"attributes\":{\"expiryTime\":\"P1Y\"}}"),
                Arguments.of("role definition", reader(RoleDefinitionCreateParameters.class, p -> p),
                        "{\"properties\":{\"roleName\":\"r\",\"type\":\"CustomRole\",\"permissions\":[{\"dataActions\":"
                                + "[\"a\"],\"notDataActions\":[]}],\"assignableScopes\":[\"/\"]}}"));
    }

    /** Reads a body as the resource does: bound and checked, then turned into what the key service takes. */
    private static <T> Function<byte[], Object> reader(Class<T> type, Function<T, Object> then) {
        return body -> then.apply(BODIES.read(body, type));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readers")
    void everyDamagedBodyIsReadOrRefusedWithA4xx(String operation, Function<byte[], Object> reader, String valid) {
        assertThat(outcome(reader, valid.getBytes(StandardCharsets.UTF_8))).as("the valid body").isNull();
        List<byte[]> damaged = new ArrayList<>();
        for (int i = 0; i < valid.length(); i++) {
            damaged.add(utf8(valid.substring(0, i)));
            damaged.add(utf8(valid.substring(0, i) + valid.substring(i + 1)));
            for (char c : REPLACEMENTS.toCharArray()) {
                damaged.add(utf8(valid.substring(0, i) + c + valid.substring(i + 1)));
            }
        }
        Random random = new Random(20240601L);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = utf8(valid);
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            damaged.add(bytes);
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            damaged.add(noise);
        }
        int refused = 0;
        for (byte[] body : damaged) {
            KeyVaultException e = outcome(reader, body);
            if (e != null) {
                refused++;
                assertThat(e.status()).as("status for %s", new String(body, StandardCharsets.UTF_8)).isIn(400, 413);
                assertThat(e.getMessage()).isNotBlank();
            }
        }
        assertThat(refused).as("most damaged bodies are refused").isGreaterThan(damaged.size() / 2);
    }

    /** Null when the body was read; the KeyVaultException when it was refused; a test failure otherwise. */
    private static KeyVaultException outcome(Function<byte[], Object> reader, byte[] body) {
        try {
            reader.apply(body);
            return null;
        } catch (KeyVaultException e) {
            return e;
        } catch (RuntimeException e) {
            return fail("%s escaped for body %s", e, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
