package org.hsmpool.sd;

import static org.hsmpool.sd.SecurityDomainException.Reason.INVALID_ARGUMENT;

import java.util.Objects;

/**
 * One entry of a blob: share {@code index}, encrypted to the administrator certificate whose
 * thumbprint is {@code recipient}, as the compact JWE {@code jwe}.
 */
public record EncryptedShare(int index, Thumbprint recipient, String jwe) {

    public EncryptedShare {
        if (index < 1 || index > Limits.MAX_SHARES) {
            throw new SecurityDomainException(INVALID_ARGUMENT, "index must be between 1 and "
                    + Limits.MAX_SHARES + ", got " + index);
        }
        Objects.requireNonNull(recipient, "x5t#S256");
        Objects.requireNonNull(jwe, "jwe");
    }

    @Override
    public String toString() {
        return "EncryptedShare[index=" + index + ", x5t#S256=" + recipient + "]";
    }
}
