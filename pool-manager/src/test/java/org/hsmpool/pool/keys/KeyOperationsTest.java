package org.hsmpool.pool.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.hsmpool.nodeapi.v1.CipherAlgorithm;
import org.hsmpool.nodeapi.v1.Curve;
import org.hsmpool.nodeapi.v1.SignAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JWA names of the Key Vault API and the node contract's algorithms, both ways, for every value. */
class KeyOperationsTest {

    @Test
    void everySignatureAlgorithmOfTheContractHasItsJwaNameAndBack() {
        List<String> names = new ArrayList<>();
        for (SignAlgorithm alg : SignAlgorithm.values()) {
            String name = KeyOperations.jwaName(alg);
            if (alg == SignAlgorithm.SIGN_ALGORITHM_UNSPECIFIED || alg == SignAlgorithm.UNRECOGNIZED) {
                assertThat(name).isNull();
                continue;
            }
            assertThat(KeyOperations.signAlgorithm(name)).isEqualTo(alg);
            names.add(name);
        }
        assertThat(names).containsExactly("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
                "ES512", "ES256K", "ML-DSA-44", "ML-DSA-65", "ML-DSA-87");
    }

    @Test
    void everyEncryptionAlgorithmOfTheContractHasItsJwaNameAndBack() {
        List<String> names = new ArrayList<>();
        for (CipherAlgorithm alg : CipherAlgorithm.values()) {
            String name = KeyOperations.jwaName(alg);
            if (alg == CipherAlgorithm.CIPHER_ALGORITHM_UNSPECIFIED || alg == CipherAlgorithm.UNRECOGNIZED) {
                assertThat(name).isNull();
                continue;
            }
            assertThat(KeyOperations.cipherAlgorithm(name)).isEqualTo(alg);
            names.add(name);
        }
        assertThat(names).containsExactly("RSA1_5", "RSA-OAEP", "RSA-OAEP-256", "A128GCM", "A192GCM", "A256GCM",
                "A128CBC", "A192CBC", "A256CBC", "A128CBCPAD", "A192CBCPAD", "A256CBCPAD", "A128KW", "A192KW",
                "A256KW");
    }

    @ParameterizedTest
    @ValueSource(strings = { "SIGN_ALGORITHM_UNSPECIFIED", "UNRECOGNIZED", "ML_DSA_44", "es256", "RS-256", "" })
    void aContractSpellingOrAnUnknownNameIsNotASignatureAlgorithm(String alg) {
        assertThatThrownBy(() -> KeyOperations.signAlgorithm(alg)).isInstanceOfSatisfying(KeyException.class,
                e -> assertThat(e.code()).isEqualTo(KeyException.Code.BAD_PARAMETER))
                .hasMessageContaining("is not a signature algorithm");
    }

    @ParameterizedTest
    @ValueSource(strings = { "CIPHER_ALGORITHM_UNSPECIFIED", "UNRECOGNIZED", "RSA_OAEP", "RSA1-5", "a256gcm" })
    void aContractSpellingOrAnUnknownNameIsNotAnEncryptionAlgorithm(String alg) {
        assertThatThrownBy(() -> KeyOperations.cipherAlgorithm(alg)).isInstanceOfSatisfying(KeyException.class,
                e -> assertThat(e.code()).isEqualTo(KeyException.Code.BAD_PARAMETER))
                .hasMessageContaining("is not an encryption algorithm");
    }

    @Test
    void everyCurveOfTheContractHasItsNameAndBack() {
        for (Curve curve : Curve.values()) {
            if (curve != Curve.CURVE_UNSPECIFIED && curve != Curve.UNRECOGNIZED) {
                assertThat(KeyOperations.curve(KeyOperations.curveName(curve))).isEqualTo(curve);
            }
        }
        assertThat(KeyOperations.curveName(Curve.CURVE_UNSPECIFIED)).isEqualTo("P-256");
    }
}
