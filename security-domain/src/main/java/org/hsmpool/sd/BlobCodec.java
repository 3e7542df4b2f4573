package org.hsmpool.sd;

import static org.hsmpool.sd.SecurityDomainException.Reason.INVALID_ARGUMENT;
import static org.hsmpool.sd.SecurityDomainException.Reason.MALFORMED_BLOB;
import static org.hsmpool.sd.SecurityDomainException.Reason.UNSUPPORTED_VERSION;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The JSON form of a {@link SecurityDomainBlob}, by Jackson's tree model so that every rule is
 * explicit: exactly the known fields, integers that are integers, duplicate keys and trailing
 * text refused, sizes checked. The record's own constructor then checks the cross-field rules.
 */
final class BlobCodec {

    static final int MAX_LENGTH = 256 * 1024;
    private static final List<String> FIELDS = List.of("format", "version", "pool_id", "created", "required",
            "share_count", "check_value", "shares");
    private static final List<String> SHARE_FIELDS = List.of("index", "x5t#S256", "jwe");
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private BlobCodec() {
    }

    static String write(SecurityDomainBlob blob) {
        return serialise(tree(blob, true));
    }

    /** The blob's public facts: every field but the share JWEs. */
    static String writePublicFacts(SecurityDomainBlob blob) {
        return serialise(tree(blob, false));
    }

    private static ObjectNode tree(SecurityDomainBlob blob, boolean withShares) {
        DomainFacts facts = blob.facts();
        ObjectNode root = JSON.createObjectNode()
                .put("format", SecurityDomainBlob.FORMAT)
                .put("version", SecurityDomainBlob.VERSION)
                .put("pool_id", facts.poolId())
                .put("created", facts.created())
                .put("required", facts.required())
                .put("share_count", facts.shareCount())
                .put("check_value", facts.checkValue().toBase64Url());
        ArrayNode shares = root.putArray("shares");
        for (EncryptedShare share : blob.shares()) {
            ObjectNode s = shares.addObject()
                    .put("index", share.index())
                    .put("x5t#S256", share.recipient().value());
            if (withShares) {
                s.put("jwe", share.jwe());
            }
        }
        return root;
    }

    private static String serialise(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static SecurityDomainBlob parse(String json) {
        if (json == null || json.length() > MAX_LENGTH) {
            throw malformed("a blob is a JSON text of at most " + MAX_LENGTH + " characters");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw malformed("not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw malformed("a blob is a JSON object");
        }
        if (!SecurityDomainBlob.FORMAT.equals(root.path("format").textValue())) {
            throw malformed("field 'format' must be \"" + SecurityDomainBlob.FORMAT + "\": not a security-domain blob");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isIntegralNumber()) {
            throw malformed("field 'version' must be an integer");
        }
        if (!version.canConvertToInt() || version.intValue() != SecurityDomainBlob.VERSION) {
            throw new SecurityDomainException(UNSUPPORTED_VERSION, "blob version " + version.asText()
                    + " is not supported; this build reads version " + SecurityDomainBlob.VERSION);
        }
        requireExactly(root, FIELDS, "");
        try {
            DomainFacts facts = new DomainFacts(text(root, "pool_id", ""), integer(root, "created", "", DomainFacts.MAX_CREATED),
                    (int) integer(root, "required", "", Integer.MAX_VALUE),
                    (int) integer(root, "share_count", "", Integer.MAX_VALUE),
                    CheckValue.fromBase64Url(text(root, "check_value", ""), "field 'check_value'", MALFORMED_BLOB));
            return new SecurityDomainBlob(facts, shares(root.get("shares")));
        } catch (SecurityDomainException e) {
            if (e.reason() == INVALID_ARGUMENT) {
                throw malformed(e.getMessage());
            }
            throw e;
        }
    }

    private static List<EncryptedShare> shares(JsonNode node) {
        if (!node.isArray()) {
            throw malformed("field 'shares' must be an array");
        }
        if (node.size() > Limits.MAX_SHARES) {
            throw malformed("field 'shares' has " + node.size() + " entries, at most " + Limits.MAX_SHARES + " allowed");
        }
        List<EncryptedShare> shares = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String where = "shares[" + i + "].";
            JsonNode entry = node.get(i);
            if (!entry.isObject()) {
                throw malformed("field 'shares[" + i + "]' must be an object");
            }
            requireExactly(entry, SHARE_FIELDS, where);
            int index = (int) integer(entry, "index", where, Integer.MAX_VALUE);
            String thumbprint = text(entry, "x5t#S256", where);
            Base64Url.decode(thumbprint, Thumbprint.BYTES, "field '" + where + "x5t#S256'", MALFORMED_BLOB);
            String jwe = text(entry, "jwe", where);
            if (index < 1 || index > Limits.MAX_SHARES) {
                throw malformed("field '" + where + "index' must be between 1 and " + Limits.MAX_SHARES + ", got " + index);
            }
            shares.add(new EncryptedShare(index, new Thumbprint(thumbprint), jwe));
        }
        return shares;
    }

    private static void requireExactly(JsonNode object, List<String> fields, String where) {
        for (String field : fields) {
            if (!object.has(field)) {
                throw malformed("missing field '" + where + field + "'");
            }
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw malformed("unknown field '" + where + Limits.printable(name) + "'");
            }
        }
    }

    private static String text(JsonNode object, String field, String where) {
        JsonNode node = object.get(field);
        if (!node.isTextual()) {
            throw malformed("field '" + where + field + "' must be a string");
        }
        return node.textValue();
    }

    private static long integer(JsonNode object, String field, String where, long max) {
        JsonNode node = object.get(field);
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0 || node.longValue() > max) {
            throw malformed("field '" + where + field + "' must be an integer between 0 and " + max
                    + ", got " + Limits.quote(node.toString()));
        }
        return node.longValue();
    }

    private static SecurityDomainException malformed(String problem) {
        return new SecurityDomainException(MALFORMED_BLOB, "security-domain blob: " + problem);
    }
}
