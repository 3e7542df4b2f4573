package org.hsmpool.pool.admin;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.time.Duration;

import org.hsmpool.nodeapi.v1.AuditCounterRequest;
import org.hsmpool.nodeapi.v1.DomainMacRequest;
import org.hsmpool.nodeapi.audit.AuditLines;
import org.hsmpool.pool.api.KeyVaultException;
import org.hsmpool.pool.audit.AuditLog;
import org.hsmpool.pool.audit.AuditStatements;
import org.hsmpool.pool.nodes.NodeRegistry;
import org.hsmpool.pool.nodes.PoolNode;
import org.hsmpool.pool.router.NodeRouter;
import org.hsmpool.pool.router.RoutingException;
import org.hsmpool.pool.store.AuditHead;
import org.hsmpool.pool.store.PoolStore;

import com.google.protobuf.ByteString;

import io.smallrye.common.annotation.Blocking;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * What {@code hsmpool audit verify} asks the pool: the head of the audit chain as the store keeps it
 * and the nodes' signed seal counters ({@code GET /hsmpool/audit/head?nonce=}), and whether format-1
 * seals of older files are genuine ({@code POST /hsmpool/audit/seals} with
 * {@code {"seals":[{"seq","prev","mac"}]}}: each MAC is recomputed under the pool MAC key in a node
 * and compared, at most {@value #MAX_SEALS} a request). Format-2 seals are node signatures that the
 * verifier checks itself against the pool CA. The file itself never goes to the pool,
 * and the answers name no server path. Both need {@code hsmpool/audit/read/action} (Administrator,
 * Crypto Auditor).
 */
@Path("/hsmpool/audit")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class AuditResource {
    /** Each seal costs a MAC in a node: a small cap keeps one request from occupying the tokens. */
    public static final int MAX_SEALS = 100;
    private static final String SEALS = "must be an array of at most " + MAX_SEALS
            + " {\"seq\",\"prev\",\"mac\"} objects";
    private static final String HEX64 = "[0-9a-f]{64}";
    private static final String HEX64_IS = "must be 64 lowercase hex characters";
    private static final Duration COUNTER_DEADLINE = Duration.ofSeconds(5);
    private final PoolStore store;
    private final NodeRouter router;
    private final NodeRegistry registry;
    private final AuditLog log;

    public AuditResource(PoolStore store, NodeRouter router, NodeRegistry registry, AuditLog log) {
        this.store = store;
        this.router = router;
        this.registry = registry;
        this.log = log;
    }

    /**
     * The store's last seal, after sealing what is pending; with {@code nonce} (32..128 hex
     * characters) also every healthy node's signed seal counter for that nonce ({@code counters}), so
     * that the verifier sees whether its file holds each node's last seal. A node that does not answer
     * is listed in {@code unanswered}.
     */
    @GET
    @Path("/head")
    public Map<String, Object> head(@QueryParam("nonce") String nonce) {
        byte[] challenge = null;
        if (nonce != null) {
            if (!nonce.matches("([0-9a-f]{2}){16,64}")) {
                throw KeyVaultException.badParameter("nonce must be 32 to 128 lowercase hex characters (16 to 64 bytes)");
            }
            challenge = HexFormat.of().parseHex(nonce);
        }
        log.sealIfPending();
        AuditHead head = store.auditHead();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seq", head.seq());
        out.put("hash", HexFormat.of().formatHex(head.hash()));
        if (challenge != null) {
            AuditCounterRequest request = AuditCounterRequest.newBuilder().setNonce(ByteString.copyFrom(challenge)).build();
            List<Map<String, Object>> counters = new ArrayList<>();
            List<String> unanswered = new ArrayList<>();
            for (PoolNode node : registry.all()) {
                try {
                    counters.add(AuditStatements.counterFields(node.name(),
                            router.callOn(node, COUNTER_DEADLINE, s -> s.auditCounter(request))));
                } catch (RuntimeException e) {
                    unanswered.add(node.name());
                }
            }
            out.put("counters", counters);
            out.put("unanswered", unanswered);
        }
        return out;
    }

    /** The body of the seal check: at most {@value #MAX_SEALS} seals. */
    public record SealsRequest(
            @NotNull(message = SEALS) @Size(max = MAX_SEALS, message = SEALS) List<@Valid Seal> seals) {
    }

    /** A seal of the audit log: its line's number, the previous line's hash and the MAC, in lowercase hex. */
    public record Seal(
            @NotNull(message = "is required: a positive number") @Positive(message = "must be positive") Long seq,
            @NotNull(message = "is required") @Pattern(regexp = HEX64, message = HEX64_IS) String prev,
            @NotNull(message = "is required") @Pattern(regexp = HEX64, message = HEX64_IS) String mac) {
    }

    @POST
    @Path("/seals")
    public Map<String, Object> verifySeals(SealsRequest body) {
        List<Boolean> valid = new ArrayList<>();
        for (Seal seal : body.seals()) {
            long seq = seal.seq();
            String prev = seal.prev();
            String mac = seal.mac();
            try {
                byte[] expected = router.call(0, "audit seal check", s -> s.domainMac(DomainMacRequest.newBuilder()
                        .setPurpose(AuditLines.SEAL_PURPOSE).setData(ByteString.copyFrom(AuditLines.sealInput(seq, prev)))
                        .build())).getMac().toByteArray();
                valid.add(java.security.MessageDigest.isEqual(expected, HexFormat.of().parseHex(mac)));
            } catch (RoutingException e) {
                throw KeyVaultException.unavailable("no node can check seals right now", 1);
            }
        }
        return Map.of("valid", valid);
    }
}
