package org.hsmpool.sd;

import static org.hsmpool.sd.SecurityDomainException.Reason.DUPLICATE_SHARE;
import static org.hsmpool.sd.SecurityDomainException.Reason.INVALID_CERTIFICATE;
import static org.hsmpool.sd.SecurityDomainException.Reason.TAMPERED;
import static org.hsmpool.sd.SecurityDomainException.Reason.TOO_FEW_SHARES;

import com.nimbusds.jose.JWEDecrypter;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The two steps that handle S, both run inside an hsm-node (DESIGN.md flows 2 and 6): create a
 * security domain from a fresh S, and restore S from a blob and a quorum of transfer shares. The
 * node generates S in its token, imports the {@link DomainKeys} into it, and zeroes what it holds.
 */
public final class SecurityDomain {

    private SecurityDomain() {
    }

    /**
     * Splits {@code master} between the administrators' certificates (share i + 1 to certificate i),
     * any {@code required} of whom can restore it, and returns the blob. Before returning it checks
     * that a quorum of the new shares recombines to {@code master}. The caller still owns and zeroes
     * {@code master}, and derives the pool keys with {@link DomainKeys#derive(byte[], String)}.
     */
    public static SecurityDomainBlob create(byte[] master, String poolId, List<X509Certificate> adminCertificates,
            int required, Instant created, SecureRandom random) {
        Limits.requireMaster(master);
        Objects.requireNonNull(adminCertificates, "adminCertificates");
        Objects.requireNonNull(created, "created");
        Limits.requireCounts(adminCertificates.size(), required);
        Set<Thumbprint> seen = new HashSet<>();
        for (int i = 0; i < adminCertificates.size(); i++) {
            X509Certificate certificate = Objects.requireNonNull(adminCertificates.get(i), "certificate");
            Limits.requireRsa(certificate.getPublicKey(), "administrator certificate " + (i + 1) + " ("
                    + certificate.getSubjectX500Principal().getName() + ")", INVALID_CERTIFICATE);
            if (!seen.add(Thumbprint.of(certificate))) {
                throw new SecurityDomainException(INVALID_CERTIFICATE, "administrator certificate " + (i + 1)
                        + " is given twice: each administrator must hold a separate share");
            }
        }
        DomainFacts facts = new DomainFacts(poolId, created.getEpochSecond(), required, adminCertificates.size(),
                CheckValue.of(master, poolId));
        List<Share> shares = Shares.split(master, facts.shareCount(), required, random);
        try {
            byte[] back = Shares.join(shares.subList(0, required), required, poolId, facts.checkValue());
            boolean same = MessageDigest.isEqual(back, master);
            Arrays.fill(back, (byte) 0);
            if (!same) {
                throw new IllegalStateException("a quorum of fresh shares does not recombine to the master");
            }
            List<EncryptedShare> entries = new ArrayList<>();
            for (int i = 0; i < shares.size(); i++) {
                X509Certificate certificate = adminCertificates.get(i);
                entries.add(new EncryptedShare(shares.get(i).index(), Thumbprint.of(certificate),
                        ShareEnvelope.encryptTo(certificate, shares.get(i), facts)));
            }
            return new SecurityDomainBlob(facts, entries);
        } finally {
            shares.forEach(Share::destroy);
        }
    }

    /**
     * Recombines S inside the node from {@code transferShares} (compact JWEs made by
     * {@link ShareEnvelope#reencryptForTransferKey}), checks it against the blob's check value, and
     * returns the pool keys derived from it; S itself is zeroed before this returns. Nothing is
     * changed by a failure: the node installs the keys only when this returns.
     *
     * @throws SecurityDomainException, with the first problem found, in this order:
     *     {@code MALFORMED_SHARE}; {@code WRONG_TRANSFER_KEY}; {@code WRONG_DOMAIN}; {@code TAMPERED}
     *     (a header that disagrees with the blob); {@code DUPLICATE_SHARE}; {@code TOO_FEW_SHARES};
     *     then, decrypting, {@code TAMPERED} or {@code CRYPTO_FAILURE}; last {@code WRONG_SHARES}
     */
    public static DomainKeys restore(SecurityDomainBlob blob, List<String> transferShares, TransferKey transferKey,
            RawRsaDecryptor transferKeyPrivate) {
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(transferShares, "transferShares");
        Objects.requireNonNull(transferKey, "transferKey");
        DomainFacts facts = blob.facts();
        JWEDecrypter decrypter = ShareEnvelope.rawDecrypter(transferKeyPrivate, transferKey.publicKey());
        List<SealedShare> sealed = new ArrayList<>();
        Set<Integer> indexes = new HashSet<>();
        for (int i = 0; i < transferShares.size(); i++) {
            SealedShare share = addressed(blob, transferShares.get(i), "transfer share #" + (i + 1), transferKey);
            ShareHeader header = share.header();
            if (!indexes.add(header.index())) {
                throw new SecurityDomainException(DUPLICATE_SHARE, share.what() + " is share " + header.index()
                        + " again; each administrator's share counts once");
            }
            sealed.add(share);
        }
        if (sealed.size() < facts.required()) {
            throw new SecurityDomainException(TOO_FEW_SHARES, sealed.size() + " transfer shares given, the quorum is "
                    + facts.required() + " of " + facts.shareCount());
        }
        List<Share> shares = new ArrayList<>();
        try {
            for (SealedShare share : sealed) {
                shares.add(share.open(decrypter));
            }
            byte[] master = Shares.join(shares, facts.required(), facts.poolId(), facts.checkValue());
            try {
                return DomainKeys.derive(master, facts.poolId());
            } finally {
                Arrays.fill(master, (byte) 0);
            }
        } finally {
            shares.forEach(Share::destroy);
        }
    }

    /** What a drill proved: the administrator's share with this index opened, in a node, for this domain. */
    public record CheckedShare(int index, Thumbprint admin) {
    }

    /**
     * A security-domain drill, inside the node: opens one administrator's transfer share with a
     * throw-away transfer key and checks it belongs to {@code blob} (the pool's own blob: its pool id
     * and check value, the index the blob gives that administrator). The share's bytes are
     * authenticated by AES-GCM, so an opened share is the one the domain's creation encrypted; it is
     * zeroed before this returns. One share alone cannot be recombined, so this proves the
     * administrator can still open their share, not that a quorum recombines (a restore does that).
     *
     * @throws SecurityDomainException {@code MALFORMED_SHARE}, {@code WRONG_TRANSFER_KEY},
     *     {@code WRONG_DOMAIN}, {@code TAMPERED}, or {@code CRYPTO_FAILURE}, as for {@link #restore}
     */
    public static CheckedShare checkShare(SecurityDomainBlob blob, String transferShare, TransferKey drillKey,
            RawRsaDecryptor drillKeyPrivate) {
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(transferShare, "transferShare");
        Objects.requireNonNull(drillKey, "drillKey");
        SealedShare sealed = addressed(blob, transferShare, "the drill share", drillKey);
        Share opened = sealed.open(ShareEnvelope.rawDecrypter(drillKeyPrivate, drillKey.publicKey()));
        try {
            return new CheckedShare(sealed.header().index(), sealed.header().admin());
        } finally {
            opened.destroy();
        }
    }

    /** A transfer share parsed and checked against the blob and the key it must be for, before any decryption. */
    private static SealedShare addressed(SecurityDomainBlob blob, String jwe, String what, TransferKey transferKey) {
        SealedShare share = SealedShare.parse(jwe, what);
        share.requireAddressedTo(ShareKind.TRANSFER, transferKey.thumbprint(), blob.facts());
        ShareHeader header = share.header();
        if (!blob.share(header.index()).recipient().equals(header.admin())) {
            throw new SecurityDomainException(TAMPERED, share.what() + " says administrator " + header.admin()
                    + " made share " + header.index() + ", but the blob gives that share to "
                    + blob.share(header.index()).recipient());
        }
        return share;
    }
}
