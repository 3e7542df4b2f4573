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
    record Report(List<String> problems, List<String> notes, int signedSeals, Map<String, Long> brokenAt) {
    }

    /** A node-signed seal: its place in the node's chain and where it is ({@code file} as the seal names it). */
    private record Link(byte[] chain, long counter, byte[] previous, byte[] digest, String where, String node, String file,
            long seq) {
    }

    private SealChains() {
    }

    /**
     * {@code seals}: the seals of one audit file, or of every file of a pool with several managers (each
     * file's in its order; {@link AuditVerifier.Seal#file()} tells them apart). A node seals for every
     * manager, so one node's chain runs through all their files: it is checked over all of them, in the
     * order of its counter. {@code fileStartsAtGenesis}: every file holds its records from the first.
     */
    static Report check(List<AuditVerifier.Seal> seals, boolean fileStartsAtGenesis, List<X509Certificate> poolCa,
            byte[] nonce, JsonNode counters, JsonNode unanswered) {
        return check(seals, false, fileStartsAtGenesis, poolCa, nonce, counters, unanswered);
    }

    /** {@code severalFiles}: the seals come from several files (the messages say "files"). */
    static Report check(List<AuditVerifier.Seal> seals, boolean severalFiles, boolean fileStartsAtGenesis,
            List<X509Certificate> poolCa, byte[] nonce, JsonNode counters, JsonNode unanswered) {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, List<Link>> chains = new LinkedHashMap<>();
        Map<String, Long> brokenAt = new LinkedHashMap<>();
        java.util.Set<String> signedFiles = new java.util.HashSet<>();
        int signed = 0;
        for (AuditVerifier.Seal seal : seals) {
            String where = seal.where() + " (seal " + seal.seq() + ")";
            if (!seal.signed()) {
                if (signedFiles.contains(String.valueOf(seal.file()))) {
                    brokenAt.merge(String.valueOf(seal.file()), seal.seq(), Math::min);
                    problems.add(where + ": a MAC seal after node-signed seals; seals are not made that way any more: the"
                            + " record was forged or the file rewritten");
                }
                continue;
            }
            signedFiles.add(String.valueOf(seal.file()));
            signed++;
            JsonNode r = seal.record();
            try {
                byte[] chain = hex(r, "chain", 16);
                long counter = r.path("counter").asLong(-1);
                byte[] previous = hex(r, "previous", 32);
                byte[] statement = AuditLines.sealStatement(chain, counter, previous, seal.seq(), seal.prev());
                Date at = Date.from(Instant.parse(r.path("time").asText()));
                PoolIdentity node = verify(r, poolCa, statement, at);
                chains.computeIfAbsent(HexFormat.of().formatHex(chain), k -> new ArrayList<>())
                        .add(new Link(chain, counter, previous, AuditLines.digest(statement), where, node.name(),
                                String.valueOf(seal.file()), seal.seq()));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                brokenAt.merge(String.valueOf(seal.file()), seal.seq(), Math::min);
                problems.add(where + ": not a well-formed seal (" + e.getMessage() + "): the record was modified");
            } catch (GeneralSecurityException e) {
                brokenAt.merge(String.valueOf(seal.file()), seal.seq(), Math::min);
                problems.add(where + ": its signature is not a pool node's (" + e.getMessage() + "): the seal or the"
                        + " records before it were forged");
            }
        }
        Map<String, Link> lastOfChain = new LinkedHashMap<>();
        chains.forEach((key, links) -> {
            links.sort(java.util.Comparator.comparingLong(Link::counter));
            Link before = null;
            for (Link link : links) {
                int problemsBefore = problems.size();
                if (before == null) {
                    if (fileStartsAtGenesis && (link.counter() != 1 || !Arrays.equals(link.previous(), AuditLines.NO_SEAL))) {
                        problems.add(link.where() + ": it is seal " + link.counter() + " of " + link.node() + "'s chain,"
                                + " whose seals 1 to " + (link.counter() - 1) + " are not in the file"
                                + (severalFiles ? "s" : "")
                                + ": records were removed");
                    }
                } else if (link.counter() == before.counter()) {
                    problems.add(link.where() + ": it is seal " + link.counter() + " of " + link.node() + "'s chain, which"
                            + " is also at " + before.where() + ": a seal was copied");
                } else if (link.counter() != before.counter() + 1 || !Arrays.equals(link.previous(), before.digest())) {
                    String missing = link.counter() == before.counter() + 1 ? ""
                            : " (seals " + (before.counter() + 1) + " to " + (link.counter() - 1) + " are in no file)";
                    problems.add(link.where() + ": it is seal " + link.counter() + " of " + link.node() + "'s chain but"
                            + " does not follow its seal " + before.counter() + " at " + before.where() + missing
                            + ": seals (and the records they covered) were removed or the file was rewritten");
                }
                if (problems.size() > problemsBefore) {
                    brokenAt.merge(link.file(), link.seq(), Math::min);
                }
                before = link;
            }
            lastOfChain.put(key, before);
        });
        if (counters != null) {
            compareCounters(lastOfChain, fileStartsAtGenesis, severalFiles, poolCa, nonce, counters, problems, notes, brokenAt);
        }
        if (unanswered != null) {
            unanswered.forEach(n -> notes.add("node " + n.asText() + " did not answer: its seal counter was not compared"));
        }
        return new Report(problems, notes, signed, brokenAt);
    }

    private static void compareCounters(Map<String, Link> lastOfChain, boolean fileStartsAtGenesis, boolean several,
            List<X509Certificate> poolCa, byte[] nonce, JsonNode counters, List<String> problems, List<String> notes,
            Map<String, Long> brokenAt) {
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
                    String text = who + " has made " + counter + " seal(s), none of them is in " + (several ? "these files"
                            : "this file");
                    if (fileStartsAtGenesis) {
                        problems.add(text + ": records were removed, or the store and the file were rolled back");
                    } else {
                        notes.add(text + " (the file starts after archived records)");
                    }
                } else if (inFile.counter() < counter) {
                    brokenAt.merge(inFile.file(), inFile.seq(), Math::min);
                    problems.add(who + " has made " + counter + " seals; the file ends its chain at seal "
                            + inFile.counter() + " (" + inFile.where() + "): the file lacks seals " + (inFile.counter() + 1)
                            + " to " + counter + ": records were removed from its end, or the store and the file were"
                            + " rolled back");
                } else if (inFile.counter() > counter) {
                    brokenAt.merge(inFile.file(), inFile.seq(), Math::min);
                    problems.add(who + " counts " + counter + " seals, but the file holds its seal " + inFile.counter()
                            + " (" + inFile.where() + "): the node's token was rolled back, or the seal was forged");
                } else if (!Arrays.equals(inFile.digest(), last)) {
                    brokenAt.merge(inFile.file(), inFile.seq(), Math::min);
                    problems.add(who + "'s last seal is not the seal " + counter + " at " + inFile.where()
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
                notes.add("the chain of " + link.node() + " (last seal at " + link.where() + ") has no counter statement:"
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
