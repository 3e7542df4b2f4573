package org.hsmpool.node.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;

import org.hsmpool.node.testing.MlDsaSignatures;
import org.hsmpool.node.token.KeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The node's ML-DSA against Bouncy Castle's JCA provider, which it does not use itself. */
class MlDsaTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParameterizedTest(name = "ML-DSA-{0}")
    @ValueSource(ints = {44, 65, 87})
    void aSignatureOverTheMessageVerifiesWithTheJcaProviderAndTheSeedIsLeftAsGiven(int size) throws Exception {
        KeySpec.MlDsa spec = new KeySpec.MlDsa(size);
        byte[] seed = new byte[MlDsa.SEED_BYTES];
        RANDOM.nextBytes(seed);
        byte[] original = seed.clone();
        byte[] pub = MlDsa.publicKey(spec, seed);
        assertThat(pub).hasSize(MlDsa.publicKeyBytes(spec)).isEqualTo(MlDsa.publicKey(spec, seed));
        byte[] message = new byte[MlDsa.MAX_MESSAGE_BYTES];
        RANDOM.nextBytes(message);

        byte[] signature = MlDsa.sign(spec, seed, message, RANDOM);
        assertThat(signature).hasSize(MlDsa.signatureBytes(spec));
        assertThat(seed).isEqualTo(original); // the caller owns and wipes it
        assertThat(MlDsaSignatures.verifies(size, pub, message, signature)).isTrue();
        assertThat(MlDsa.verify(spec, pub, message, signature)).isTrue();

        message[7] ^= 1;
        assertThat(MlDsa.verify(spec, pub, message, signature)).isFalse();
        assertThat(MlDsaSignatures.verifies(size, pub, message, signature)).isFalse();
        assertThat(MlDsa.verify(spec, pub, message, new byte[10])).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, MlDsa.MAX_MESSAGE_BYTES + 1})
    void messagesOutsideOneTo4096BytesAreBadRequests(int length) {
        KeySpec.MlDsa spec = new KeySpec.MlDsa(44);
        assertThatThrownBy(() -> MlDsa.sign(spec, new byte[32], new byte[length], RANDOM))
                .isInstanceOfSatisfying(NodeException.class, e -> assertThat(e.reason())
                        .isEqualTo(NodeException.Reason.BAD_REQUEST));
    }
}
