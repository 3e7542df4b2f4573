package org.hsmpool.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.hsmpool.node.crypto.CipherAlgorithm;
import org.hsmpool.node.crypto.KeyOperation;
import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.crypto.SignatureAlgorithm;
import org.hsmpool.node.token.Curve;
import org.hsmpool.node.token.KeySpec;
import org.hsmpool.nodeapi.v1.KeyOp;
import org.hsmpool.nodeapi.v1.SignAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every contract value of the gRPC edge maps to the node value of the same name, every node value is
 * reached, and the contract's "unspecified" or an unknown number is a bad request, never a crash.
 */
class KeyFormsTest {
    private static final Set<String> NOT_VALUES = Set.of("UNRECOGNIZED", "SIGN_ALGORITHM_UNSPECIFIED",
            "CIPHER_ALGORITHM_UNSPECIFIED", "KEY_OP_UNSPECIFIED", "CURVE_UNSPECIFIED");

    @Test
    void everySignatureAlgorithmOfTheContractIsTheNodesOfTheSameName() {
        Set<SignatureAlgorithm> reached = EnumSet.noneOf(SignatureAlgorithm.class);
        for (SignAlgorithm alg : values(SignAlgorithm.values())) {
            SignatureAlgorithm node = KeyForms.signature(alg);
            assertThat(node.name()).isEqualTo(alg.name());
            reached.add(node);
        }
        assertThat(reached).containsExactlyInAnyOrder(SignatureAlgorithm.values());
        for (SignAlgorithm none : List.of(SignAlgorithm.SIGN_ALGORITHM_UNSPECIFIED, SignAlgorithm.UNRECOGNIZED)) {
            assertBadRequest(() -> KeyForms.signature(none), "signature algorithm is missing or unknown");
        }
    }

    @Test
    void everyEncryptionAlgorithmOfTheContractIsTheNodesOfTheSameName() {
        Set<CipherAlgorithm> reached = EnumSet.noneOf(CipherAlgorithm.class);
        for (org.hsmpool.nodeapi.v1.CipherAlgorithm alg : values(org.hsmpool.nodeapi.v1.CipherAlgorithm.values())) {
            CipherAlgorithm node = KeyForms.cipher(alg);
            assertThat(node.name()).isEqualTo(alg.name());
            reached.add(node);
        }
        assertThat(reached).containsExactlyInAnyOrder(CipherAlgorithm.values());
        for (org.hsmpool.nodeapi.v1.CipherAlgorithm none : List.of(
                org.hsmpool.nodeapi.v1.CipherAlgorithm.CIPHER_ALGORITHM_UNSPECIFIED,
                org.hsmpool.nodeapi.v1.CipherAlgorithm.UNRECOGNIZED)) {
            assertBadRequest(() -> KeyForms.cipher(none), "encryption algorithm is missing or unknown");
        }
    }

    @Test
    void keyOperationsGoBothWaysForEveryValue() {
        for (KeyOp op : values(KeyOp.values())) {
            Set<KeyOperation> node = KeyForms.ops(List.of(op));
            assertThat(node).hasSize(1);
            assertThat(node.iterator().next().name()).isEqualTo(op.name());
        }
        for (KeyOperation op : KeyOperation.values()) {
            assertThat(KeyForms.ops(EnumSet.of(op))).containsExactly(KeyOp.valueOf(op.name()));
        }
        assertThat(KeyForms.ops(KeyForms.ops(EnumSet.allOf(KeyOperation.class)))).containsExactlyInAnyOrder(
                KeyOperation.values());
        assertBadRequest(() -> KeyForms.ops(List.of(KeyOp.KEY_OP_UNSPECIFIED)), "unknown key operation");
    }

    @Test
    void curvesGoBothWaysForEveryValue() {
        for (org.hsmpool.nodeapi.v1.Curve curve : values(org.hsmpool.nodeapi.v1.Curve.values())) {
            assertThat(KeyForms.curve(KeyForms.curve(curve))).isEqualTo(curve);
        }
        for (Curve curve : Curve.values()) {
            assertThat(KeyForms.curve(KeyForms.curve(curve))).isEqualTo(curve);
        }
        assertBadRequest(() -> KeyForms.curve(org.hsmpool.nodeapi.v1.Curve.CURVE_UNSPECIFIED), "EC curve");
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void onlyAnMlDsaAlgorithmNamesAnMlDsaKeyAndItsOwnParameterSet(SignatureAlgorithm alg) {
        KeySpec.MlDsa key = alg.mlDsa();
        if (alg.family() == SignatureAlgorithm.Family.ML_DSA) {
            assertThat(alg.jwaName()).isEqualTo("ML-DSA-" + key.parameterSet());
        } else {
            assertThat(key).isNull();
        }
    }

    @SafeVarargs
    private static <E extends Enum<E>> List<E> values(E... all) {
        return Arrays.stream(all).filter(e -> !NOT_VALUES.contains(e.name())).collect(Collectors.toList());
    }

    private static void assertBadRequest(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(NodeException.class,
                e -> assertThat(e.reason()).isEqualTo(NodeException.Reason.BAD_REQUEST)).hasMessageContaining(message);
    }
}
