package org.hsmpool.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.nodeapi.v1.Curve;
import org.hsmpool.nodeapi.v1.KeyOp;
import org.hsmpool.nodeapi.v1.KeySpec;
import org.hsmpool.nodeapi.v1.KeyType;
import org.hsmpool.nodeapi.v1.WrappedKeyBody;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

/** The DomainMac input, and why it can never pass for a sealed key's body. */
class DomainMacTest {

    @Test
    void theInputIsPrefixPurposeAndDataSeparatedByZeroBytes() {
        byte[] input = DomainMac.input("key-backup", new byte[] {1, 2});
        byte[] expected = "hsmpool domain mac v1\0key-backup\0\1\2".getBytes(StandardCharsets.US_ASCII);
        assertThat(input).isEqualTo(expected);
    }

    @Test
    void purposeAndSizeAreChecked() {
        assertThat(DomainMac.input("a".repeat(64), new byte[DomainMac.MAX_DATA_BYTES])).hasSize(
                DomainMac.PREFIX.length + 64 + 2 + DomainMac.MAX_DATA_BYTES);
        for (String bad : new String[] {"", "a".repeat(65), "Upper", "with space", "under_score", "é", null}) {
            assertThatThrownBy(() -> DomainMac.input(bad, new byte[0])).isInstanceOfSatisfying(NodeException.class,
                    e -> assertThat(e.reason()).isEqualTo(NodeException.Reason.BAD_REQUEST));
        }
        assertThatThrownBy(() -> DomainMac.input("big", new byte[DomainMac.MAX_DATA_BYTES + 1]))
                .isInstanceOfSatisfying(NodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(NodeException.Reason.BAD_REQUEST));
    }

    @Test
    void noDomainMacInputParsesAsASealedKeyBody() {
        Random random = new Random(42);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
        for (int i = 0; i < 2000; i++) {
            StringBuilder purpose = new StringBuilder();
            for (int n = 1 + random.nextInt(64); n > 0; n--) {
                purpose.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            byte[] data = new byte[random.nextInt(300)];
            random.nextBytes(data);
            byte[] input = DomainMac.input(purpose.toString(), data);
            assertThatThrownBy(() -> WrappedKeyBody.parseFrom(input))
                    .isInstanceOf(InvalidProtocolBufferException.class);
        }
    }

    @Test
    void everySealedKeyBodyBeginsWithTheFormatFieldNotWithThePrefix() {
        WrappedKeyBody body = WrappedKeyBody.newBuilder().setFormat(SealedKeys.FORMAT)
                .setDomainId(ByteString.copyFrom(new byte[16])).setKeyId("0".repeat(32))
                .setSpec(KeySpec.newBuilder().setType(KeyType.EC).setCurve(Curve.P_256)).addOps(KeyOp.SIGN)
                .setWrappedPrivate(ByteString.copyFrom(new byte[40])).build();
        assertThat(body.toByteArray()[0]).isEqualTo((byte) 0x08);
        assertThat(DomainMac.PREFIX[0]).isEqualTo((byte) 'h').isNotEqualTo((byte) 0x08);
    }
}
