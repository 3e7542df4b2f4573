package org.hsmpool.node.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.hsmpool.node.crypto.KeyOperation;
import org.hsmpool.node.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The attributes of generated objects, read back by an independent PKCS#11 client (OpenSC's
 * pkcs11-tool) rather than by the node's own code.
 */
class TokenAttributesTest {
    private static Pkcs11Token token;

    @BeforeAll
    static void open() {
        token = TestTokens.open("unit-c");
    }

    @AfterAll
    static void close() {
        token.close();
    }

    static Stream<Arguments> keys() {
        return Stream.of(
                Arguments.of(new KeySpec.Rsa(2048), EnumSet.of(KeyOperation.SIGN, KeyOperation.VERIFY),
                        Set.of("sign"), Set.of("verify")),
                Arguments.of(new KeySpec.Rsa(3072), EnumSet.of(KeyOperation.DECRYPT, KeyOperation.WRAP_KEY),
                        Set.of("decrypt"), Set.of("encrypt")),
                Arguments.of(new KeySpec.Rsa(4096), EnumSet.allOf(KeyOperation.class),
                        Set.of("sign", "decrypt"), Set.of("verify", "encrypt")),
                Arguments.of(new KeySpec.Ec(Curve.P_256), EnumSet.of(KeyOperation.SIGN), Set.of("sign"), Set.of()),
                Arguments.of(new KeySpec.Ec(Curve.P_384), EnumSet.of(KeyOperation.SIGN, KeyOperation.VERIFY),
                        Set.of("sign"), Set.of("verify")),
                Arguments.of(new KeySpec.Ec(Curve.P_521), EnumSet.of(KeyOperation.SIGN, KeyOperation.VERIFY),
                        Set.of("sign"), Set.of("verify")),
                Arguments.of(new KeySpec.Ec(Curve.P_256K), EnumSet.of(KeyOperation.SIGN, KeyOperation.VERIFY),
                        Set.of("sign"), Set.of("verify")),
                Arguments.of(new KeySpec.Aes(128), EnumSet.of(KeyOperation.ENCRYPT, KeyOperation.DECRYPT),
                        Set.of("encrypt", "decrypt"), null),
                Arguments.of(new KeySpec.Aes(192), EnumSet.of(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY),
                        Set.of("wrap", "unwrap"), null),
                Arguments.of(new KeySpec.Aes(256), EnumSet.of(KeyOperation.ENCRYPT), Set.of("encrypt"), null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("keys")
    void generatedKeysAreSensitiveExtractableOnlyByWrappingAndCarryOnlyTheirUsages(KeySpec spec,
            Set<KeyOperation> ops, Set<String> secretUsage, Set<String> publicUsage) throws Exception {
        ObjectId id = ObjectId.of(UUID.randomUUID().toString().replace("-", ""));
        token.generate(id, spec, KeyOperation.usages(spec, ops), Extractability.WRAPPED_ONLY);
        try {
            Map<String, Map<String, Set<String>>> objects = listObjects(id);
            Map<String, Set<String>> secret = objects.get(spec.isPair() ? "Private Key Object" : "Secret Key Object");
            assertThat(secret).as("secret half of %s", spec).isNotNull();
            assertThat(secret.get("Access")).contains("sensitive", "always sensitive", "extractable")
                    .doesNotContain("never extractable");
            assertThat(secret.get("Usage")).containsExactlyInAnyOrderElementsOf(secretUsage);
            if (spec.isPair()) {
                Map<String, Set<String>> pub = objects.get("Public Key Object");
                assertThat(pub).as("public half of %s", spec).isNotNull();
                assertThat(pub.get("Usage")).containsExactlyInAnyOrderElementsOf(publicUsage);
            } else {
                assertThat(objects).doesNotContainKey("Public Key Object");
            }
        } finally {
            token.destroy(id);
        }
    }

    @Test
    void keysMadeNeverExtractableStaySo() throws Exception {
        ObjectId id = ObjectId.of("test.never." + UUID.randomUUID().toString().substring(0, 8));
        token.generate(id, new KeySpec.Rsa(2048), EnumSet.of(KeyUsage.UNWRAP, KeyUsage.WRAP), Extractability.NEVER);
        try {
            Map<String, Set<String>> secret = listObjects(id).get("Private Key Object");
            assertThat(secret.get("Access")).contains("sensitive", "never extractable").doesNotContain("extractable");
            assertThat(secret.get("Usage")).containsExactly("unwrap");
        } finally {
            token.destroy(id);
        }
    }

    /**
     * pkcs11-tool --list-objects, keeping the objects whose label is the id: kind → field → values.
     * The PIN reaches pkcs11-tool through its environment ({@code --pin env:VAR}, OpenSC's form),
     * never argv. Typing it at the prompt on a pseudo-terminal raced with pkcs11-tool's flush of what
     * was typed early and could hang the test under load.
     */
    private static Map<String, Map<String, Set<String>>> listObjects(ObjectId id)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("pkcs11-tool", "--module", TestTokens.LIBRARY, "--token-label", "unit-c",
                "--login", "--pin", "env:HSMPOOL_TEST_PIN", "--list-objects").redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("HSMPOOL_TEST_PIN", new String(TestTokens.USER_PIN));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("pkcs11-tool did not finish in 60 s: " + out);
        }
        assertThat(p.exitValue()).as(out).isZero();
        return parse(out, id);
    }

    private static Map<String, Map<String, Set<String>>> parse(String out, ObjectId id) {
        Map<String, Map<String, Set<String>>> result = new LinkedHashMap<>();
        List<String> block = new ArrayList<>();
        for (String line : (out + "\nEND;").lines().toList()) {
            if (!line.startsWith(" ") && line.contains(";")) {
                collect(block, id, result);
                block.clear();
            }
            block.add(line);
        }
        return result;
    }

    private static void collect(List<String> block, ObjectId id, Map<String, Map<String, Set<String>>> result) {
        if (block.isEmpty()) {
            return;
        }
        Map<String, Set<String>> fields = new LinkedHashMap<>();
        for (String line : block.subList(1, block.size())) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String value = line.substring(colon + 1).trim();
                fields.put(line.substring(0, colon).trim(), value.equals("none") || value.isEmpty() ? Set.of()
                        : Set.copyOf(Stream.of(value.split(",")).map(String::trim).toList()));
            }
        }
        if (fields.getOrDefault("label", Set.of()).contains(id.value())) {
            result.put(block.get(0).substring(0, block.get(0).indexOf(';')).trim(), fields);
        }
    }
}
