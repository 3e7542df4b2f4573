package org.hsmpool.cli.audit;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.nodeapi.audit.AuditLines;
import org.hsmpool.nodeapi.pki.NodeSignature;
import org.hsmpool.nodeapi.pki.PoolIdentity;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The offline check of format-2 seals, with the pool CA as the only trust: each seal is a statement
 * a node signed; the seals of one node's chain count 1, 2, 3, ... and each names the one before it;
 * and each node's signed counter statement (over the verifier's nonce) must name the last seal of
 * its chain that the file holds. A store and audit file rolled back together therefore show up: the
 * node counts seals the file lacks, and a seal made after the rollback names a predecessor the file
 * lacks. Format-1 seals (MACs) are checked by the pool; one after a format-2 seal is refused, since
 * a manager can have MACs made at will.
 */
final class SealChains {
    /** What was checked: problems (the file is not intact) and notes (what could not be checked). */
    record Report(List<String> problems, List<String> notes, int signedSeals) {
    }

    private record Link(byte[] chain, long counter, byte[] digest, int line, String node) {
    }

    private SealChains() {
    }

    static Report check(List<AuditVerifier.Seal> seals, boolean fileStartsAtGenesis, List<X509Certificate> poolCa,
            byte[] nonce, JsonNode counters, JsonNode unanswered) {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Link> lastOfChain = new LinkedHashMap<>();
        boolean signedSeen = false;
        int signed = 0;
        for (AuditVerifier.Seal seal : seals) {
            String where = "line " + seal.line() + " (seal " + seal.seq() + ")";
            if (!seal.signed()) {
                if (signedSeen) {
                    problems.add(where + ": a MAC seal after node-signed seals; seals are not made that way any more: the"
                            + " record was forged or the file rewritten");
                }
                continue;
            }
            signedSeen = true;
            signed++;
            JsonNode r = seal.record();
            Link link;
            try {
                byte[] chain = hex(r, "chain", 16);
                long counter = r.path("counter").asLong(-1);
                byte[] previous = hex(r, "previous", 32);
                byte[] statement = AuditLines.sealStatement(chain, counter, previous, seal.seq(), seal.prev());
                Date at = Date.from(Instant.parse(r.path("time").asText()));
                PoolIdentity node = verify(r, poolCa, statement, at);
                link = new Link(chain, counter, AuditLines.digest(statement), seal.line(), node.name());
                String key = HexFormat.of().formatHex(chain);
                Link before = lastOfChain.get(key);
                if (before == null) {
                    if (fileStartsAtGenesis && (counter != 1 || !Arrays.equals(previous, AuditLines.NO_SEAL))) {
                        problems.add(where + ": it is seal " + counter + " of " + node.name() + "'s chain, whose seals 1 to "
                                + (counter - 1) + " are not in the file: records were removed");
                    }
                } else if (counter != before.counter() + 1 || !Arrays.equals(previous, before.digest())) {
                    problems.add(where + ": it is seal " + counter + " of " + node.name() + "'s chain but does not follow"
                            + " its seal " + before.counter() + " on line " + before.line() + ": seals (and the records"
                            + " they covered) were removed or the file was rewritten");
                }
                lastOfChain.put(key, link);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                problems.add(where + ": not a well-formed seal (" + e.getMessage() + "): the record was modified");
            } catch (GeneralSecurityException e) {
                problems.add(where + ": its signature is not a pool node's (" + e.getMessage() + "): the seal or the"
                        + " records before it were forged");
            }
        }
        if (counters != null) {
            compareCounters(lastOfChain, fileStartsAtGenesis, poolCa, nonce, counters, problems, notes);
        }
        if (unanswered != null) {
            unanswered.forEach(n -> notes.add("node " + n.asText() + " did not answer: its seal counter was not compared"));
        }
        return new Report(problems, notes, signed);
    }

    private static void compareCounters(Map<String, Link> lastOfChain, boolean fileStartsAtGenesis,
            List<X509Certificate> poolCa, byte[] nonce, JsonNode counters, List<String> problems, List<String> notes) {
        List<String> confirmed = new ArrayList<>();
        for (JsonNode c : counters) {
            String who = "node " + c.path("node").asText("?");
            try {
                byte[] chain = hex(c, "chain", 16);
                long counter = c.path("counter").asLong(-1);
                byte[] last = hex(c, "last", 32);
                PoolIdentity node = verify(c, poolCa, AuditLines.counterStatement(chain, counter, last, nonce), null);
                who = "node " + node.name();
                String key = HexFormat.of().formatHex(chain);
                confirmed.add(key);
                Link inFile = lastOfChain.get(key);
                if (counter == 0) {
                    continue;
                }
                if (inFile == null) {
                    String text = who + " has made " + counter + " seal(s), none of them is in this file";
                    if (fileStartsAtGenesis) {
                        problems.add(text + ": records were removed, or the store and the file were rolled back");
                    } else {
                        notes.add(text + " (the file starts after archived records)");
                    }
                } else if (inFile.counter() < counter) {
                    problems.add(who + " has made " + counter + " seals; the file ends its chain at seal "
                            + inFile.counter() + " (line " + inFile.line() + "): the file lacks seals " + (inFile.counter() + 1)
                            + " to " + counter + ": records were removed from its end, or the store and the file were"
                            + " rolled back");
                } else if (inFile.counter() > counter) {
                    problems.add(who + " counts " + counter + " seals, but the file holds its seal " + inFile.counter()
                            + " (line " + inFile.line() + "): the node's token was rolled back, or the seal was forged");
                } else if (!Arrays.equals(inFile.digest(), last)) {
                    problems.add(who + "'s last seal is not the seal " + counter + " on line " + inFile.line()
                            + ": the file was rewritten");
                }
            } catch (IllegalArgumentException e) {
                problems.add(who + "'s counter statement is not well formed (" + e.getMessage() + ")");
            } catch (GeneralSecurityException e) {
                problems.add(who + "'s counter statement is not signed by a pool node for this check (" + e.getMessage()
                        + "): the answer was forged or replayed");
            }
        }
        lastOfChain.forEach((key, link) -> {
            if (!confirmed.contains(key)) {
                notes.add("the chain of " + link.node() + " (last seal on line " + link.line() + ") has no counter statement:"
                        + " the node is gone or did not answer");
            }
        });
    }

    private static PoolIdentity verify(JsonNode r, List<X509Certificate> poolCa, byte[] statement, Date at)
            throws GeneralSecurityException {
        List<byte[]> der = new ArrayList<>();
        r.path("certs").forEach(c -> der.add(Base64.getDecoder().decode(c.asText())));
        byte[] signature = Base64.getDecoder().decode(r.path("sig").asText());
        return NodeSignature.verifyNode(NodeSignature.certificates(der), poolCa, r.path("alg").asText(),
                AuditLines.STATEMENT_CONTEXT, statement, signature, at);
    }

    private static byte[] hex(JsonNode r, String member, int bytes) {
        String text = r.path(member).asText("");
        if (!text.matches("([0-9a-f]{2}){" + bytes + "}")) {
            throw new IllegalArgumentException(member + " is not " + bytes + " bytes in hex");
        }
        return HexFormat.of().parseHex(text);
    }
}
