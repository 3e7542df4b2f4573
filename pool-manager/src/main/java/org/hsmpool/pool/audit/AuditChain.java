package org.hsmpool.pool.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.hsmpool.nodeapi.audit.AuditLines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Builds the lines of the audit chain by the rules of {@link AuditLines}. */
final class AuditChain {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditChain() {
    }

    /** The line of a record: {@code fields} (in order, without seq, prev and hash) chained after {@code prev}. */
    static Line line(long seq, String prev, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seq", seq);
        body.putAll(fields);
        body.put("prev", prev);
        try {
            String text = AuditLines.withHash(JSON.writeValueAsString(body));
            return new Line(seq, AuditLines.statedHash(text), text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit record is not serialisable", e);
        }
    }

    /** A written record: its number, its hash and the text of its line (without newline). */
    record Line(long seq, String hash, String text) {
    }
}
