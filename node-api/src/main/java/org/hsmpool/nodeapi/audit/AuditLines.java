package org.hsmpool.nodeapi.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The rules of the audit chain that the manager (which writes it) and {@code hsmpool audit verify}
 * (which checks it) share. A record is one JSON object per line whose last member is
 * {@code "hash"}: the SHA-256 (hex) of the line's bytes up to that member with the object closed,
 * i.e. of {@code line[0 .. lastIndexOf(",\"hash\":")] + "}"}. Every record carries the previous
 * record's hash in {@code "prev"} ({@link #GENESIS} for the first) and {@code "seq"} counts from 1.
 * A verifier needs no canonical JSON: it hashes the bytes as written.
 */
public final class AuditLines {
    public static final String GENESIS = "0".repeat(64);
    public static final String HASH_MEMBER = ",\"hash\":\"";
    /** The DomainMac purpose of format-1 seals (MACs under H; new seals are node-signed statements). */
    public static final String SEAL_PURPOSE = "audit-seal";

    private AuditLines() {
    }

    /** The hash a line should carry, computed from its bytes; null if it has no hash member. */
    public static String expectedHash(String line) {
        int at = line.lastIndexOf(HASH_MEMBER);
        return at < 0 ? null : sha256(line.substring(0, at) + "}");
    }

    /** The hash member a line carries, or null. */
    public static String statedHash(String line) {
        int at = line.lastIndexOf(HASH_MEMBER);
        if (at < 0 || !line.endsWith("\"}")) {
            return null;
        }
        return line.substring(at + HASH_MEMBER.length(), line.length() - 2);
    }

    /** {@code json} (a JSON object without a hash member) closed with its hash. */
    public static String withHash(String json) {
        return json.substring(0, json.length() - 1) + HASH_MEMBER + sha256(json) + "\"}";
    }

    /** What a seal's MAC covers: the hash of the record before it and the seal's own number. */
    public static byte[] sealInput(long sealSeq, String prevHash) {
        return ("hsmpool audit seal v1\n" + sealSeq + "\n" + prevHash).getBytes(StandardCharsets.UTF_8);
    }

    /** The NodeSignature context of seal and counter statements. */
    public static final byte[] STATEMENT_CONTEXT = "hsmpool audit statement\n".getBytes(StandardCharsets.US_ASCII);
    /** The digest a node's first seal names as its predecessor. */
    public static final byte[] NO_SEAL = new byte[32];

    /**
     * What a node signs when it seals record {@code sealSeq} (whose predecessor's hash is
     * {@code recordHash}) as seal {@code counter} of its chain {@code chainId}, after the seal whose
     * statement's SHA-256 is {@code previous}.
     */
    public static byte[] sealStatement(byte[] chainId, long counter, byte[] previous, long sealSeq, String recordHash) {
        return ("hsmpool audit seal v2\nchain=" + HexFormat.of().formatHex(chainId) + "\ncounter=" + counter
                + "\nprevious=" + HexFormat.of().formatHex(previous) + "\nseq=" + sealSeq + "\nrecord=" + recordHash
                + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** What a node signs when it states that {@code counter} seals of chain {@code chainId} exist, the last with {@code last}. */
    public static byte[] counterStatement(byte[] chainId, long counter, byte[] last, byte[] nonce) {
        return ("hsmpool audit counter v1\nchain=" + HexFormat.of().formatHex(chainId) + "\ncounter=" + counter
                + "\nlast=" + HexFormat.of().formatHex(last) + "\nnonce=" + HexFormat.of().formatHex(nonce) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** SHA-256 of a statement: how the next seal of the chain names it. */
    public static byte[] digest(byte[] statement) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(statement);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
