package org.hsmpool.cli.sd;

import java.nio.file.Path;
import java.util.Arrays;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.UserError;
import org.hsmpool.sd.AdminKeyPair;
import org.hsmpool.sd.EncryptedShare;
import org.hsmpool.sd.SecurityDomainBlob;
import org.hsmpool.sd.SecurityDomainException;
import org.hsmpool.sd.ShareEnvelope;
import org.hsmpool.sd.Thumbprint;
import org.hsmpool.sd.TransferKey;

/**
 * An administrator's own share, as {@code sd share} and {@code sd drill} handle it: found in the blob
 * by the certificate, the private key opened with the passphrase, the share re-encrypted to a node's
 * key. The library's reasons become messages that say what to do.
 */
final class AdminShare {
    private AdminShare() {
    }

    /** The blob's entry for this administrator, checked before any passphrase is asked for. */
    static EncryptedShare entry(SecurityDomainBlob blob, Path certificateFile, Thumbprint admin) {
        return blob.shareFor(admin).orElseThrow(() -> new UserError("the certificate " + certificateFile
                + " (x5t#S256 " + admin + ") holds no share in the security domain of pool " + blob.poolId()
                + "; give the certificate you gave at that pool's activation (hsmpool sd inspect lists them)"));
    }

    static AdminKeyPair openKey(Host host, PassphraseOptions passphrase, Path certificateFile, String certificatePem,
            Path keyFile, String keyPem) {
        char[] secret = passphrase.forExistingKey(host, keyFile);
        try {
            return AdminKeyPair.read(certificatePem, keyPem, secret);
        } catch (SecurityDomainException e) {
            throw switch (e.reason()) {
                case WRONG_PASSPHRASE -> new UserError("the passphrase does not open " + keyFile
                        + "; give the passphrase chosen at admin-keygen (check --passphrase-file or "
                        + PassphraseOptions.VARIABLE + " if you used them)");
                case INVALID_KEY_FILE -> new UserError("the private key file " + keyFile + " cannot be used: "
                        + e.getMessage() + "; give the .key file that admin-keygen wrote with " + certificateFile);
                default -> e;
            };
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    static String reencrypt(SecurityDomainBlob blob, Path blobFile, AdminKeyPair pair, TransferKey transferKey) {
        try {
            return ShareEnvelope.reencryptForTransferKey(blob, pair.certificate(), pair.privateKey(), transferKey);
        } catch (SecurityDomainException e) {
            throw switch (e.reason()) {
                case TAMPERED, MALFORMED_SHARE, WRONG_DOMAIN, WRONG_RECIPIENT -> new UserError("your share in the blob "
                        + blobFile + " cannot be opened: " + e.getMessage()
                        + "; use an unaltered copy of the blob the pool returned at activation");
                default -> e;
            };
        }
    }
}
