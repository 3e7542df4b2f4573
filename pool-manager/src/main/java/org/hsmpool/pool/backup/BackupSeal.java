package org.hsmpool.pool.backup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import org.hsmpool.pool.keys.DomainMacs;
import org.hsmpool.pool.router.NodeRouter;

/**
 * The seal of a full backup ({@value #FILE}): HMAC-SHA-256 under the pool MAC key H, computed in a
 * node ({@code DomainMac}, purpose {@value #PURPOSE}), of the SHA-256 of the document's exact bytes;
 * the file holds the MAC in base64url and nothing else. Only a pool holding the same security
 * domain can make or check it, and any byte changed in either file fails the check.
 */
final class BackupSeal {
    static final String FILE = "backup.mac";
    static final String PURPOSE = "full-backup";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private BackupSeal() {
    }

    static byte[] seal(NodeRouter router, byte[] document) {
        return B64.encodeToString(mac(router, document)).getBytes(StandardCharsets.US_ASCII);
    }

    /** Throws unless {@code seal} is this pool's MAC of {@code document}. */
    static void check(NodeRouter router, byte[] document, byte[] seal) {
        byte[] claimed;
        try {
            claimed = Base64.getUrlDecoder().decode(new String(seal, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw tampered();
        }
        if (!MessageDigest.isEqual(B64.encodeToString(claimed).getBytes(StandardCharsets.US_ASCII), seal)
                || !MessageDigest.isEqual(mac(router, document), claimed)) {
            throw tampered();
        }
    }

    private static BackupFailure tampered() {
        return BackupFailure.invalidBackup("the backup does not verify under this pool's security domain: it was "
                + "altered, or a pool of another security domain made it");
    }

    private static byte[] mac(NodeRouter router, byte[] document) {
        return DomainMacs.ofDigest(router, PURPOSE, document);
    }
}
