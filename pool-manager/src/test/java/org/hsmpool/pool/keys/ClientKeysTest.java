package org.hsmpool.pool.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

class ClientKeysTest {

    /** A P-256 key pair whose x coordinate satisfies {@code wanted}. */
    private static KeyPair ecKeyWhere(Predicate<BigInteger> wanted) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        for (int i = 0; i < 20_000; i++) {
            KeyPair pair = g.generateKeyPair();
            if (wanted.test(((ECPublicKey) pair.getPublic()).getW().getAffineX())) {
                return pair;
            }
        }
        throw new AssertionError("no such key in 20000 tries");
    }

    private static ImportedKey ec(KeyPair pair) {
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        Map<String, byte[]> m = new HashMap<>();
        // as BigInteger.toByteArray writes them: a sign byte, or fewer than 32 bytes
        m.put("x", pub.getW().getAffineX().toByteArray());
        m.put("y", pub.getW().getAffineY().toByteArray());
        m.put("d", ((ECPrivateKey) pair.getPrivate()).getS().toByteArray());
        return new ImportedKey("EC", "P-256", m, List.of(), null, null, null, Map.of());
    }

    @Test
    void ecCoordinatesAreBroughtToTheCurveLength() throws Exception {
        for (Predicate<BigInteger> shape : List.<Predicate<BigInteger>>of(x -> x.toByteArray().length == 33,
                x -> x.toByteArray().length < 32)) {
            KeyPair pair = ecKeyWhere(shape);
            try (ClientKeys.Prepared p = ClientKeys.prepare("EC-HSM", ec(pair))) {
                assertThat(p.publicKey().getX().size()).isEqualTo(32);
                assertThat(p.publicKey().getY().size()).isEqualTo(32);
                assertThat(new BigInteger(1, p.publicKey().getX().toByteArray()))
                        .isEqualTo(((ECPublicKey) pair.getPublic()).getW().getAffineX());
            }
        }
    }

    @Test
    void refusesWhatCannotBeAKey() throws Exception {
        KeyPair pair = ecKeyWhere(x -> true);
        ImportedKey good = ec(pair);
        Map<String, byte[]> longX = new HashMap<>(good.members());
        longX.put("x", new byte[33]);
        longX.get("x")[0] = 1;
        assertThatThrownBy(() -> ClientKeys.prepare("EC-HSM", new ImportedKey("EC", "P-256", longX, null, null, null,
                null, null))).hasMessageContaining("too long");
        Map<String, byte[]> zeroD = new HashMap<>(good.members());
        zeroD.put("d", new byte[] {0});
        assertThatThrownBy(() -> ClientKeys.prepare("EC-HSM", new ImportedKey("EC", "P-256", zeroD, null, null, null,
                null, null))).isInstanceOf(KeyException.class);
        assertThatThrownBy(() -> ClientKeys.prepare("oct-HSM", new ImportedKey("oct", null, Map.of("k", new byte[20]),
                null, null, null, null, null))).hasMessageContaining("128, 192 or 256");
        assertThatThrownBy(() -> ClientKeys.prepare("RSA-HSM", new ImportedKey("RSA", null, Map.of("n",
                BigInteger.ONE.shiftLeft(2047).toByteArray()), null, null, null, null, null)))
                .hasMessageContaining("key.e is required");
    }

    @Test
    void anMlDsaKeyIsItsSeedAndRawPublicKeyOfTheRightLengths() {
        Map<String, byte[]> m = Map.of("priv", new byte[32], "pub", new byte[1952]);
        try (ClientKeys.Prepared p = ClientKeys.prepare("AKP-HSM", new ImportedKey("AKP-HSM", null, m, null, null, null,
                null, null, "ML-DSA-65"))) {
            assertThat(p.spec().getSize()).isEqualTo(65);
            assertThat(p.encoded()).hasSize(32);
            assertThat(p.publicKey().getPub().size()).isEqualTo(1952);
        }
        assertThatThrownBy(() -> ClientKeys.prepare("AKP-HSM", new ImportedKey("AKP-HSM", null, m, null, null, null,
                null, null, "ML-DSA-44"))).hasMessageContaining("1312 bytes");
        assertThatThrownBy(() -> ClientKeys.prepare("AKP-HSM", new ImportedKey("AKP-HSM", null, Map.of("priv",
                new byte[64], "pub", new byte[1952]), null, null, null, null, null, "ML-DSA-65")))
                .hasMessageContaining("32-byte seed");
        assertThatThrownBy(() -> ClientKeys.prepare("AKP-HSM", new ImportedKey("AKP-HSM", null, Map.of("pub",
                new byte[1952]), null, null, null, null, null, "ML-DSA-65"))).hasMessageContaining("key.priv");
    }
}
