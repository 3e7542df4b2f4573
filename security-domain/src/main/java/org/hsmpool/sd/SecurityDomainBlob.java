package org.hsmpool.sd;

import static org.hsmpool.sd.SecurityDomainException.Reason.MALFORMED_BLOB;
import static org.hsmpool.sd.SecurityDomainException.Reason.MALFORMED_SHARE;
import static org.hsmpool.sd.SecurityDomainException.Reason.TAMPERED;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an activation returns and a restore takes: the domain's public facts and one encrypted share
 * per administrator. Every instance is consistent: N entries with indexes 1..N, distinct
 * administrators, and each envelope's header repeating the facts, its index and its recipient.
 * The JSON form is in docs/security-domain.md; {@link #parse} is strict.
 */
public record SecurityDomainBlob(DomainFacts facts, List<EncryptedShare> shares) {

    /** The only format version this code reads and writes. */
    public static final int VERSION = 1;
    /** The blob's {@code format} field, so that another JSON file is refused for what it is. */
    public static final String FORMAT = "hsmpool-security-domain";

    public SecurityDomainBlob {
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(shares, "shares");
        if (shares.size() != facts.shareCount()) {
            throw new SecurityDomainException(MALFORMED_BLOB, "shares has " + shares.size()
                    + " entries but share_count is " + facts.shareCount());
        }
        Set<Integer> indexes = new HashSet<>();
        Set<Thumbprint> recipients = new HashSet<>();
        for (int i = 0; i < shares.size(); i++) {
            EncryptedShare entry = shares.get(i);
            if (entry.index() > facts.shareCount()) {
                throw new SecurityDomainException(MALFORMED_BLOB, "shares[" + i + "].index is " + entry.index()
                        + ", above share_count " + facts.shareCount());
            }
            if (!indexes.add(entry.index())) {
                throw new SecurityDomainException(MALFORMED_BLOB, "shares[" + i + "].index " + entry.index()
                        + " appears twice");
            }
            if (!recipients.add(entry.recipient())) {
                throw new SecurityDomainException(MALFORMED_BLOB, "shares[" + i + "].x5t#S256 " + entry.recipient()
                        + " appears twice: one administrator would hold two shares");
            }
            requireHeaderAgrees(facts, entry, "shares[" + i + "].jwe");
        }
        shares = shares.stream().sorted(Comparator.comparingInt(EncryptedShare::index)).toList();
    }

    /** Parses and checks the JSON form; errors name the field at fault. */
    public static SecurityDomainBlob parse(String json) {
        return BlobCodec.parse(json);
    }

    public String toJson() {
        return BlobCodec.write(this);
    }

    /** The blob without the encrypted shares, in the blob's own field names: safe to show anywhere. */
    public String publicFactsJson() {
        return BlobCodec.writePublicFacts(this);
    }

    public String poolId() {
        return facts.poolId();
    }

    /** The entry encrypted to the certificate with thumbprint {@code recipient}, if any. */
    public Optional<EncryptedShare> shareFor(Thumbprint recipient) {
        return shares.stream().filter(s -> s.recipient().equals(recipient)).findFirst();
    }

    /** The entry of share {@code index}. */
    public EncryptedShare share(int index) {
        return shares.stream().filter(s -> s.index() == index).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no share " + index));
    }

    private static void requireHeaderAgrees(DomainFacts facts, EncryptedShare entry, String what) {
        ShareHeader header;
        try {
            header = SealedShare.parse(entry.jwe(), what).header();
        } catch (SecurityDomainException e) {
            if (e.reason() != MALFORMED_SHARE) {
                throw e;
            }
            throw new SecurityDomainException(MALFORMED_BLOB, e.getMessage());
        }
        if (header.kind() != ShareKind.ADMIN) {
            throw new SecurityDomainException(MALFORMED_BLOB, what + " is " + header.kind().description
                    + "; a blob holds administrator shares");
        }
        String field = header.facts().firstDifference(facts);
        if (field == null && header.index() != entry.index()) {
            field = "index";
        }
        if (field == null && !header.recipient().equals(entry.recipient())) {
            field = "x5t#S256";
        }
        if (field != null) {
            throw new SecurityDomainException(TAMPERED, what + ": its protected header and the blob disagree on "
                    + field + "; the blob was altered");
        }
    }
}
