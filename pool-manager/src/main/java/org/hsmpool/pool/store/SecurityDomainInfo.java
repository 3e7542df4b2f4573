package org.hsmpool.pool.store;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;

/**
 * What the pool remembers of its security domain: public facts only. The blob itself goes to the
 * administrators; the store keeps its SHA-256 so that an upload can be matched with the download.
 *
 * @param domainId the security domain's id (the blob's {@code pool_id}); after a restore it is the
 *     old pool's id, which may differ from this pool's own id
 * @param adminThumbprints the administrators' certificate thumbprints, N of them, in download order
 * @param quorum M, the number of shares needed to restore
 * @param shares N, the number of administrators
 * @param blobSha256 SHA-256 of the blob as returned to the administrators, lowercase hex
 * @param activatedAt when the pool became {@code Activated} with this domain
 */
public record SecurityDomainInfo(String domainId, List<String> adminThumbprints, int quorum, int shares,
        String blobSha256, Instant activatedAt) {

    public static final int MIN_SHARES = 3;
    public static final int MAX_SHARES = 10;
    public static final int MIN_QUORUM = 2;

    public SecurityDomainInfo {
        Arguments.hex32(domainId, "a security domain id");
        adminThumbprints = List.copyOf(Arguments.present(adminThumbprints, "the admin thumbprints"));
        if (shares < MIN_SHARES || shares > MAX_SHARES) {
            throw StoreException.invalid("a security domain has 3 to 10 administrators");
        }
        if (quorum < MIN_QUORUM || quorum > shares) {
            throw StoreException.invalid("the quorum is 2 to N");
        }
        if (adminThumbprints.size() != shares) {
            throw StoreException.invalid("one thumbprint per administrator");
        }
        adminThumbprints.forEach(t -> Arguments.text(t, "an admin thumbprint", 128));
        if (new HashSet<>(adminThumbprints).size() != adminThumbprints.size()) {
            throw StoreException.invalid("an admin thumbprint is given twice");
        }
        Arguments.sha256Hex(blobSha256, "the blob hash");
        activatedAt = Arguments.time(activatedAt, "the activation time");
    }
}
