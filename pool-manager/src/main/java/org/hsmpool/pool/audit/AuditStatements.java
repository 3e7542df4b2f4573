package org.hsmpool.pool.audit;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.nodeapi.v1.AuditStatement;

import com.google.protobuf.ByteString;

/**
 * A node's signed audit statement (seal or counter) as JSON members: {@code chain} and
 * {@code previous}/{@code last} in hex, {@code counter}, {@code alg}, {@code sig} and {@code certs}
 * (the signer's chain, leaf first) in standard base64. {@code hsmpool audit verify} rebuilds the
 * signed text from these members ({@code AuditLines.sealStatement}, {@code counterStatement}) and
 * checks the signature with the pool CA alone.
 */
public final class AuditStatements {
    private AuditStatements() {
    }

    /** The members of a seal record (SealAudit's answer). */
    public static Map<String, Object> sealFields(AuditStatement seal) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chain", hex(seal.getChainId()));
        m.put("counter", seal.getCounter());
        m.put("previous", hex(seal.getDigest()));
        signature(m, seal);
        return m;
    }

    /** A node's counter statement (AuditCounter's answer) for {@code GET /hsmpool/audit/head?nonce=}. */
    public static Map<String, Object> counterFields(String node, AuditStatement counter) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", node);
        m.put("chain", hex(counter.getChainId()));
        m.put("counter", counter.getCounter());
        m.put("last", hex(counter.getDigest()));
        signature(m, counter);
        return m;
    }

    private static void signature(Map<String, Object> m, AuditStatement s) {
        m.put("alg", s.getSignatureAlgorithm());
        m.put("sig", Base64.getEncoder().encodeToString(s.getSignature().toByteArray()));
        List<String> certs = new ArrayList<>();
        s.getCertificateChainList().forEach(c -> certs.add(Base64.getEncoder().encodeToString(c.toByteArray())));
        m.put("certs", certs);
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }
}
