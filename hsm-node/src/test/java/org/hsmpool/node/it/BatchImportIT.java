package org.hsmpool.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.hsmpool.nodeapi.v1.*;
import org.hsmpool.testkit.NodeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

/**
 * ImportWrappedBatch between two nodes of one domain: each sealed key of a batch is imported or
 * refused on its own, with a typed reason, and only the batch's size or a node without domain keys
 * refuse the whole call; only the manager may call it.
 */
class BatchImportIT {
    private static DomainPair pair;

    @BeforeAll
    static void start() throws Exception {
        pair = DomainPair.start("batch-import");
    }

    @AfterAll
    static void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    private static KeyMaterial generateInA(KeySpec spec, KeyOp... ops) {
        return pair.a.call(s -> s.generateKey(GenerateKeyRequest.newBuilder().setKeyId(Nodes.newKeyId())
                .setSpec(spec).addAllOps(List.of(ops)).build()));
    }

    private static KeyMaterial ecKey() {
        return generateInA(KeySpec.newBuilder().setType(KeyType.EC).setCurve(Curve.P_256).build(), KeyOp.SIGN,
                KeyOp.VERIFY);
    }

    @Test
    void aBatchWithOneTamperedKeyImportsTheOthersAndNamesTheTamperedOne() throws Exception {
        List<KeyMaterial> made = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            made.add(ecKey());
        }
        made.add(generateInA(KeySpec.newBuilder().setType(KeyType.OCT).setSize(256).build(), KeyOp.ENCRYPT,
                KeyOp.DECRYPT));
        SealedKey sealed = SealedKey.parseFrom(made.get(2).getWrappedKey());
        WrappedKeyBody widened = WrappedKeyBody.parseFrom(sealed.getBody()).toBuilder().addOps(KeyOp.ENCRYPT).build();
        ByteString tampered = sealed.toBuilder().setBody(widened.toByteString()).build().toByteString();
        ImportWrappedBatchRequest.Builder request = ImportWrappedBatchRequest.newBuilder();
        for (int i = 0; i < made.size(); i++) {
            request.addWrappedKeys(i == 2 ? tampered : made.get(i).getWrappedKey());
        }
        request.addWrappedKeys(ByteString.copyFromUtf8("not a sealed key"));

        ImportWrappedBatchReply reply = pair.b.call(s -> s.importWrappedBatch(request.build()));

        assertThat(reply.getOutcomesCount()).isEqualTo(6);
        for (int i : new int[] {0, 1, 3, 4}) {
            assertThat(reply.getOutcomes(i).hasError()).as("outcome %d", i).isFalse();
            assertThat(reply.getOutcomes(i).getKeyId()).isEqualTo(made.get(i).getKeyId());
        }
        assertThat(reply.getOutcomes(2).getKeyId()).isEmpty();
        assertThat(reply.getOutcomes(2).getError().getReason()).isEqualTo(NodeError.Reason.INTEGRITY);
        assertThat(reply.getOutcomes(2).getError().getMessage()).startsWith("sealed key 2:");
        assertThat(reply.getOutcomes(5).getError().getReason()).isEqualTo(NodeError.Reason.BAD_REQUEST);

        List<String> inB = Nodes.keys(pair.b).getKeyIdsList();
        assertThat(inB).contains(made.get(0).getKeyId(), made.get(1).getKeyId(), made.get(3).getKeyId(),
                made.get(4).getKeyId()).doesNotContain(made.get(2).getKeyId());
        byte[] digest = new byte[32];
        ByteString signature = pair.b.call(s -> s.sign(SignRequest.newBuilder().setKeyId(made.get(3).getKeyId())
                .setAlgorithm(SignAlgorithm.ES256).setDigest(ByteString.copyFrom(digest)).build())).getSignature();
        assertThat(pair.a.call(s -> s.verify(VerifyRequest.newBuilder().setKeyId(made.get(3).getKeyId())
                .setAlgorithm(SignAlgorithm.ES256).setDigest(ByteString.copyFrom(digest)).setSignature(signature)
                .build())).getValid()).isTrue();

        // the same batch again: the keys already held are answered as imported
        ImportWrappedBatchReply again = pair.b.call(s -> s.importWrappedBatch(request.build()));
        assertThat(again.getOutcomes(0).hasError()).isFalse();
        assertThat(again.getOutcomes(2).getError().getReason()).isEqualTo(NodeError.Reason.INTEGRITY);
        assertThat(Nodes.keys(pair.b).getKeyIdsCount()).isEqualTo(inB.size());
    }

    @Test
    void aBatchOverTheSizeLimitIsRefusedWholeAndImportsNothing() {
        KeyMaterial key = ecKey();
        ImportWrappedBatchRequest.Builder tooMany = ImportWrappedBatchRequest.newBuilder();
        for (int i = 0; i <= 500; i++) {
            tooMany.addWrappedKeys(key.getWrappedKey());
        }
        assertThatThrownBy(() -> pair.b.call(s -> s.importWrappedBatch(tooMany.build())))
                .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                        e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.BAD_REQUEST))
                .hasMessageContaining("at most 500");
        assertThat(Nodes.keys(pair.b).getKeyIdsList()).doesNotContain(key.getKeyId());

        ImportWrappedBatchReply atTheLimit = pair.b.call(s -> s.importWrappedBatch(
                ImportWrappedBatchRequest.newBuilder().addAllWrappedKeys(tooMany.getWrappedKeysList().subList(0, 500))
                        .build()));
        assertThat(atTheLimit.getOutcomesList()).hasSize(500).allSatisfy(o -> {
            assertThat(o.hasError()).isFalse();
            assertThat(o.getKeyId()).isEqualTo(key.getKeyId());
        });
    }

    @Test
    void aNodeWithoutDomainKeysRefusesTheWholeBatchAndAForeignDomainsKeysAreRefusedOneByOne() throws Exception {
        KeyMaterial key = ecKey();
        ImportWrappedBatchRequest request = ImportWrappedBatchRequest.newBuilder().addWrappedKeys(key.getWrappedKey())
                .build();
        try (NodeProcess other = pair.pool.node("node-other").start().awaitReady();
                NodeClient c = pair.pool.managerClient(other)) {
            assertThatThrownBy(() -> c.call(s -> s.importWrappedBatch(request)))
                    .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                            e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.NO_DOMAIN));
            Nodes.createDomain(c, Nodes.newDomainId());
            ImportWrappedBatchReply reply = c.call(s -> s.importWrappedBatch(request));
            assertThat(reply.getOutcomes(0).getError().getReason()).isEqualTo(NodeError.Reason.WRONG_DOMAIN);
            assertThat(Nodes.keys(c).getKeyIdsList()).isEmpty();
        }
    }

    @Test
    void onlyTheManagerMayImportABatch() throws Exception {
        KeyMaterial key = ecKey();
        try (NodeClient otherNode = pair.pool.clientAs(pair.nodeB, pair.pool.ca(), PoolIdentity.node("node-a"))) {
            assertThatThrownBy(() -> otherNode.call(s -> s.importWrappedBatch(
                    ImportWrappedBatchRequest.newBuilder().addWrappedKeys(key.getWrappedKey()).build())))
                    .isInstanceOfSatisfying(NodeClient.NodeCallException.class,
                            e -> assertThat(e.reason()).isEqualTo(NodeError.Reason.PEER_NOT_TRUSTED));
        }
        assertThat(Nodes.keys(pair.b).getKeyIdsList()).doesNotContain(key.getKeyId());
    }
}
