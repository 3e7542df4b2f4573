package org.hsmpool.pool.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hsmpool.nodeapi.v1.Curve;
import org.hsmpool.nodeapi.v1.KeyMaterial;
import org.hsmpool.nodeapi.v1.KeyOp;
import org.hsmpool.nodeapi.v1.KeySpec;
import org.hsmpool.nodeapi.v1.KeyType;
import org.hsmpool.nodeapi.v1.PublicKey;
import org.hsmpool.pool.api.DomainErrors;
import org.hsmpool.pool.store.KeyProperties;
import org.hsmpool.pool.store.NewKeyVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.protobuf.ByteString;

/** A restored or imported version takes its facts from the sealed key a node opened, never from its description. */
class SealedVersionsTest {
    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final KeyMaterial SEALED = KeyMaterial.newBuilder().setKeyId(ID)
            .setSpec(KeySpec.newBuilder().setType(KeyType.EC).setCurve(Curve.P_256)).addOps(KeyOp.SIGN)
            .addOps(KeyOp.VERIFY).setPublicKey(PublicKey.newBuilder().setX(ByteString.copyFrom(new byte[] { 1 }))
                    .setY(ByteString.copyFrom(new byte[] { 2 })))
            .build();

    private static NewKeyVersion described(String name, String id, String keyType, String jwk, List<String> ops) {
        return new NewKeyVersion(name, id, keyType, jwk, new byte[] { 9 },
                new KeyProperties(true, null, null, ops, Map.of("t", "v")), false, Instant.ofEpochSecond(1),
                Instant.ofEpochSecond(2));
    }

    @Test
    void thePublicKeyIsTheSealedOneWhateverTheDescriptionSays() {
        NewKeyVersion v = SealedVersions.checked(described("k", ID, "EC-HSM",
                "{\"kty\":\"EC-HSM\",\"crv\":\"P-256\",\"x\":\"attacker\",\"y\":\"attacker\"}", List.of("sign")), SEALED);
        assertThat(v.publicJwk()).isEqualTo("{\"kty\":\"EC-HSM\",\"crv\":\"P-256\",\"x\":\"AQ\",\"y\":\"Ag\"}");
        assertThat(v.properties().tags()).containsEntry("t", "v");
        assertThat(v.created()).isEqualTo(Instant.ofEpochSecond(1));
    }

    @Test
    void keyOpsAreCappedByWhatTheSealedKeyPermits() {
        NewKeyVersion v = SealedVersions.checked(described("k", ID, "EC-HSM", null,
                List.of("verify", "decrypt", "sign")), SEALED);
        assertThat(v.properties().keyOps()).containsExactly("verify", "sign");
        assertThatThrownBy(() -> SealedVersions.checked(described("k", ID, "EC-HSM", null, List.of("decrypt")), SEALED))
                .isInstanceOf(KeyException.class).hasMessageContaining("no key operation");
    }

    @Test
    void anotherVersionIdOrKeyTypeIsRefused() {
        assertThatThrownBy(() -> SealedVersions.checked(described("k", "f".repeat(32), "EC-HSM", null,
                List.of("sign")), SEALED)).isInstanceOfSatisfying(KeyException.class,
                        e -> assertThat(DomainErrors.of(e).status()).isEqualTo(400)).hasMessageContaining("another version");
        assertThatThrownBy(() -> SealedVersions.checked(described("k", ID, "RSA-HSM", null, List.of("sign")), SEALED))
                .isInstanceOf(KeyException.class).hasMessageContaining("sealed key is EC-HSM");
    }

    @ParameterizedTest
    @ValueSource(strings = { "$token-signing", "$x", "a_b", "" })
    void internalAndInvalidNamesAreNeverRestored(String name) {
        assertThatThrownBy(() -> SealedVersions.clientName(name)).isInstanceOfSatisfying(KeyException.class,
                e -> assertThat(DomainErrors.of(e).status()).isEqualTo(400));
    }
}
