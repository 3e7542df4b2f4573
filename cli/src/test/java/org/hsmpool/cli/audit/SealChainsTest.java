package org.hsmpool.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.hsmpool.nodeapi.audit.AuditLines;
import org.hsmpool.nodeapi.pki.NodeSignature;
import org.hsmpool.nodeapi.pki.PoolCa;
import org.hsmpool.nodeapi.pki.PoolIdentity;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The offline check of node-signed seals, with seals and counter statements signed as a node signs
 * them (its pool-CA key): an intact file passes; cut seals, a rolled-back file, a refilled gap, a MAC
 * seal after signed ones, a replayed counter statement and another pool's node are each reported.
 */
class SealChainsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PoolCa CA = PoolCa.create("seal-test", Duration.ofDays(2));
    private static final PoolCa OTHER_CA = PoolCa.create("other", Duration.ofDays(2));
    private static final byte[] NONCE = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    /** One node's seal chain as the node keeps it. */
    private static final class Node {
        final PoolCa.Issued identity;
        final byte[] chain = new byte[16];
        long counter;
        byte[] last = AuditLines.NO_SEAL;

        Node(PoolCa ca, String name, int chainByte) {
            identity = ca.issue(PoolIdentity.node(name), List.of("localhost"), Duration.ofDays(1));
            chain[0] = (byte) chainByte;
        }

        AuditVerifier.Seal seal(long seq, int line) throws Exception {
            String prev = AuditLines.sha256("record " + (seq - 1));
            counter++;
            byte[] statement = AuditLines.sealStatement(chain, counter, last, seq, prev);
            ObjectNode r = JSON.createObjectNode().put("seq", seq).put("time", Instant.now().toString())
                    .put("type", "seal").put("chain", HexFormat.of().formatHex(chain)).put("counter", counter)
                    .put("previous", HexFormat.of().formatHex(last));
            sign(r, statement);
            r.put("prev", prev);
            last = AuditLines.digest(statement);
            return new AuditVerifier.Seal(seq, prev, r, line);
        }

        ObjectNode counterStatement(byte[] nonce) throws Exception {
            ObjectNode r = JSON.createObjectNode().put("node", identity.identity().name())
                    .put("chain", HexFormat.of().formatHex(chain)).put("counter", counter)
                    .put("last", HexFormat.of().formatHex(last));
            sign(r, AuditLines.counterStatement(chain, counter, last, nonce));
            return r;
        }

        private void sign(ObjectNode r, byte[] statement) throws Exception {
            r.put("alg", org.hsmpool.nodeapi.pki.TransportKeyAttestation.algorithmFor(identity.key()));
            r.put("sig", Base64.getEncoder().encodeToString(NodeSignature.sign(identity.key(),
                    AuditLines.STATEMENT_CONTEXT, statement)));
            r.putArray("certs").add(Base64.getEncoder().encodeToString(identity.certificate().getEncoded()));
        }
    }

    @Test
    void anIntactFileWithTwoNodesChainsPasses() throws Exception {
        Node a = new Node(CA, "node-1", 1);
        Node b = new Node(CA, "node-2", 2);
        List<AuditVerifier.Seal> seals = List.of(a.seal(10, 10), b.seal(20, 20), a.seal(30, 30));
        SealChains.Report r = check(seals, counters(a.counterStatement(NONCE), b.counterStatement(NONCE)));
        assertThat(r.problems()).isEmpty();
        assertThat(r.signedSeals()).isEqualTo(3);
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void sealsCutFromTheEndShowInTheNodesCounterEvenWhenTheStoreWasRolledBackToo() throws Exception {
        Node a = new Node(CA, "node-1", 1);
        List<AuditVerifier.Seal> seals = new ArrayList<>(List.of(a.seal(10, 10), a.seal(20, 20), a.seal(30, 30)));
        seals.remove(2);
        SealChains.Report r = check(seals, counters(a.counterStatement(NONCE)));
        assertThat(r.problems()).singleElement().asString().contains("lacks seals 3 to 3").contains("rolled back");
    }

    @Test
    void aGapRefilledWithAFreshSealIsSeen() throws Exception {
        Node a = new Node(CA, "node-1", 1);
        AuditVerifier.Seal first = a.seal(10, 10);
        a.seal(20, 20); // removed by the attacker
        AuditVerifier.Seal refill = a.seal(20, 20);
        SealChains.Report r = check(List.of(first, refill), counters(a.counterStatement(NONCE)));
        assertThat(r.problems()).singleElement().asString().contains("does not follow its seal 1");
    }

    @Test
    void aFileFromTheStartMustHoldEachChainFromItsFirstSeal() throws Exception {
        Node a = new Node(CA, "node-1", 1);
        a.seal(10, 10);
        AuditVerifier.Seal second = a.seal(20, 20);
        assertThat(check(List.of(second), null).problems()).singleElement().asString()
                .contains("seals 1 to 1 are not in the file");
        assertThat(SealChains.check(List.of(second), false, List.of(CA.certificate()), NONCE, null, null).problems())
                .as("a file that starts after archived records").isEmpty();
    }

    @Test
    void aMacSealAfterASignedSealIsRefused() throws Exception {
        Node a = new Node(CA, "node-1", 1);
        ObjectNode mac = JSON.createObjectNode().put("seq", 20).put("type", "seal").put("mac", "00".repeat(32));
        List<AuditVerifier.Seal> seals = List.of(a.seal(10, 10), new AuditVerifier.Seal(20, "x", mac, 20));
        assertThat(check(seals, null).problems()).singleElement().asString().contains("a MAC seal after node-signed");
    }

    @Test
    void aCounterStatementForAnotherNonceIsRefused() throws Exception {
        Node a = new Node(CA, "node-1", 1);
        List<AuditVerifier.Seal> seals = List.of(a.seal(10, 10));
        byte[] old = HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100");
        SealChains.Report r = check(seals, counters(a.counterStatement(old)));
        assertThat(r.problems()).singleElement().asString().contains("forged or replayed");
    }

    @Test
    void sealsOfAnotherPoolsNodeAndEditedSealsAreRefused() throws Exception {
        Node stranger = new Node(OTHER_CA, "node-1", 1);
        assertThat(check(List.of(stranger.seal(10, 10)), null).problems()).singleElement().asString()
                .contains("not a pool node's");
        Node a = new Node(CA, "node-1", 1);
        AuditVerifier.Seal s = a.seal(10, 10);
        ((ObjectNode) s.record()).put("counter", 2);
        assertThat(check(List.of(s), null).problems()).anyMatch(p -> p.contains("not a pool node's"));
    }

    @Test
    void aNodeThatCountsFewerSealsThanTheFileHoldsIsReported() throws Exception {
        Node a = new Node(CA, "node-1", 1);
        AuditVerifier.Seal first = a.seal(10, 10);
        byte[] afterFirst = a.last;
        AuditVerifier.Seal second = a.seal(20, 20);
        a.counter = 1; // the node's token put back to an earlier copy
        a.last = afterFirst;
        assertThat(check(List.of(first, second), counters(a.counterStatement(NONCE))).problems()).singleElement()
                .asString().contains("counts 1 seals, but the file holds its seal 2");
    }

    /** Several managers: one node seals for all of them, so its chain runs through their files. */
    @Test
    void aNodesChainThroughSeveralFilesIsCheckedInTheOrderOfItsCounter() throws Exception {
        Node a = new Node(CA, "node-1", 1);
        AuditVerifier.Seal one = inFile(a.seal(10, 10), "m1");
        AuditVerifier.Seal two = inFile(a.seal(5, 5), "m2");
        AuditVerifier.Seal three = inFile(a.seal(20, 20), "m1");
        List<AuditVerifier.Seal> files = List.of(one, three, two); // each file's seals in its own order
        SealChains.Report r = SealChains.check(files, true, true, List.of(CA.certificate()), NONCE,
                counters(a.counterStatement(NONCE)), null);
        assertThat(r.problems()).isEmpty();
        assertThat(r.signedSeals()).isEqualTo(3);

        // manager m2's file lost its seal: seal 2 is in no file, and it is m1's seal 3 that shows it
        SealChains.Report cut = SealChains.check(List.of(one, three), true, true, List.of(CA.certificate()), NONCE,
                counters(a.counterStatement(NONCE)), null);
        assertThat(cut.problems()).singleElement().asString().contains("m1 line 20").contains("seals 2 to 2 are in no file");
        assertThat(cut.brokenAt()).containsEntry("m1", 20L);

        // a seal copied into a second file
        SealChains.Report copied = SealChains.check(List.of(one, two, three, inFile(two, "m3")), true, true,
                List.of(CA.certificate()), NONCE, counters(a.counterStatement(NONCE)), null);
        assertThat(copied.problems()).singleElement().asString().contains("a seal was copied");

        // the node's last seal in no file at all: named as missing from these files
        Node b = new Node(CA, "node-2", 2);
        b.seal(30, 30);
        SealChains.Report none = SealChains.check(files, true, true, List.of(CA.certificate()), NONCE,
                counters(a.counterStatement(NONCE), b.counterStatement(NONCE)), null);
        assertThat(none.problems()).singleElement().asString().contains("node node-2 has made 1 seal(s), none of them is in"
                + " these files");
    }

    private static AuditVerifier.Seal inFile(AuditVerifier.Seal s, String file) {
        return new AuditVerifier.Seal(s.seq(), s.prev(), s.record(), s.line(), file);
    }

    private static SealChains.Report check(List<AuditVerifier.Seal> seals, JsonNode counters) {
        return SealChains.check(seals, true, List.of(CA.certificate()), NONCE, counters, null);
    }

    private static ArrayNode counters(ObjectNode... statements) {
        ArrayNode a = JSON.createArrayNode();
        for (ObjectNode s : statements) {
            a.add(s);
        }
        return a;
    }
}
