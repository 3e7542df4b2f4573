package org.hsmpool.sd;

import static org.hsmpool.sd.SecurityDomainException.Reason.INVALID_ARGUMENT;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * One Shamir share of S: its x coordinate {@code index} (1..255; 1..N in a blob) and 32 bytes.
 * A share is a secret: {@link #toString()} never shows its bytes, and holders destroy it after use.
 */
public final class Share implements Destroyable {

    private final int index;
    private final byte[] value;
    private volatile boolean destroyed;

    public Share(int index, byte[] value) {
        if (index < 1 || index > 255) {
            throw new SecurityDomainException(INVALID_ARGUMENT, "a share index is between 1 and 255, got " + index);
        }
        if (value == null || value.length != Limits.MASTER_BYTES) {
            throw new SecurityDomainException(INVALID_ARGUMENT, "a share is " + Limits.MASTER_BYTES + " bytes");
        }
        this.index = index;
        this.value = value.clone();
    }

    public int index() {
        return index;
    }

    /** A copy of the share's bytes; zero it after use. */
    public byte[] value() {
        if (destroyed) {
            throw new IllegalStateException("share " + index + " was destroyed");
        }
        return value.clone();
    }

    @Override
    public void destroy() {
        Arrays.fill(value, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "Share[index=" + index + (destroyed ? ", destroyed" : "") + "]";
    }
}
