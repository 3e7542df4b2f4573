package org.hsmpool.cli.audit;

import java.util.ArrayList;
import java.util.List;

import org.hsmpool.nodeapi.audit.AuditLines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The offline half of audit verification: every line must be a record whose hash matches its bytes
 * (else it was modified), whose {@code seq} is one more than the line before (else a record was
 * removed, inserted or reordered) and whose {@code prev} is the hash of the line before. It
 * collects the seals (checked by {@link SealChains} and, for format-1 MACs, by the pool) and the
 * last record.
 */
final class AuditVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A seal record: format 1 carries {@code mac}, format 2 a node's signature ({@link SealChains});
     * {@code file} names its file when several are checked together (null: the one file).
     */
    record Seal(long seq, String prev, JsonNode record, int line, String file) {
        Seal(long seq, String prev, JsonNode record, int line) {
            this(seq, prev, record, line, null);
        }

        /** Where the seal is: its line, and its file when there are several. */
        String where() {
            return (file == null ? "" : file + " ") + "line " + line;
        }

        boolean signed() {
            return record.has("sig");
        }

        String mac() {
            return record.path("mac").asText();
        }
    }

    /** {@code brokenAt}: the number of the first record with a problem, -1 when none has. */
    record Result(List<String> problems, List<Seal> seals, long lastSeq, String lastHash, int records, long brokenAt) {
    }

    static Result verify(List<String> lines) {
        return verify(null, lines);
    }

    /** Like {@link #verify(List)}, the seals named with {@code file}. */
    static Result verify(String file, List<String> lines) {
        List<String> problems = new ArrayList<>();
        List<Seal> seals = new ArrayList<>();
        long expectedSeq = 0;
        String prevHash = null;
        long lastSeq = 0;
        String lastHash = null;
        int records = 0;
        long brokenAt = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int n = i + 1;
            if (line.isBlank()) {
                problems.add("line " + n + ": empty line");
                brokenAt = brokenAt < 0 ? Math.max(expectedSeq, 1) : brokenAt;
                continue;
            }
            JsonNode record;
            try {
                record = JSON.readTree(line);
            } catch (java.io.IOException e) {
                problems.add("line " + n + ": not a JSON record (modified or truncated)");
                brokenAt = brokenAt < 0 ? Math.max(expectedSeq, 1) : brokenAt;
                continue;
            }
            int problemsBefore = problems.size();
            records++;
            long seq = record.path("seq").asLong(-1);
            String stated = AuditLines.statedHash(line);
            if (stated == null || !stated.equals(AuditLines.expectedHash(line))) {
                problems.add("line " + n + " (record " + seq + "): its hash does not match its content: the record was "
                        + "modified");
            }
            if (expectedSeq == 0) {
                expectedSeq = seq; // a file may start after older records were archived
                if (seq == 1 && !AuditLines.GENESIS.equals(record.path("prev").asText())) {
                    problems.add("line " + n + ": record 1 does not start the chain");
                }
            } else if (seq != expectedSeq) {
                problems.add("line " + n + ": record " + seq + " where record " + expectedSeq + " belongs: records were "
                        + (seq > expectedSeq ? "removed" : "reordered or duplicated"));
            }
            if (prevHash != null && !prevHash.equals(record.path("prev").asText())) {
                problems.add("line " + n + " (record " + seq + "): it does not follow the record before it (prev differs):"
                        + " a record was removed, inserted or reordered");
            }
            if ("seal".equals(record.path("type").asText())) {
                seals.add(new Seal(seq, record.path("prev").asText(), record, n, file));
            }
            if (problems.size() > problemsBefore && brokenAt < 0) {
                brokenAt = seq;
            }
            expectedSeq = seq + 1;
            prevHash = stated;
            lastSeq = seq;
            lastHash = stated;
        }
        return new Result(problems, seals, lastSeq, lastHash, records, brokenAt);
    }
}
