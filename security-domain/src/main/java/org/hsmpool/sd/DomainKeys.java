package org.hsmpool.sd;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * The pool wrap key W (AES-256) and the pool MAC key H (HMAC-SHA-256), derived from S. An hsm-node
 * imports both into its token and then destroys this value. Accessors hand out copies that the
 * caller must zero; {@link #destroy()} zeroes the originals (best effort: a JVM may have copied
 * them, which is why S and these keys live only inside the node process).
 */
public final class DomainKeys implements Destroyable, AutoCloseable {

    private final byte[] wrapKey;
    private final byte[] macKey;
    private volatile boolean destroyed;

    private DomainKeys(byte[] wrapKey, byte[] macKey) {
        this.wrapKey = wrapKey;
        this.macKey = macKey;
    }

    /** Derives W and H from the 32-byte master {@code master} of the domain {@code poolId}. */
    public static DomainKeys derive(byte[] master, String poolId) {
        return new DomainKeys(
                DomainKdf.derive(master, poolId, DomainKdf.WRAP_KEY_LABEL),
                DomainKdf.derive(master, poolId, DomainKdf.MAC_KEY_LABEL));
    }

    /** A copy of W, 32 bytes; zero it after use. */
    public byte[] wrapKey() {
        requireLive();
        return wrapKey.clone();
    }

    /** A copy of H, 32 bytes; zero it after use. */
    public byte[] macKey() {
        requireLive();
        return macKey.clone();
    }

    @Override
    public void destroy() {
        Arrays.fill(wrapKey, (byte) 0);
        Arrays.fill(macKey, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public void close() {
        destroy();
    }

    @Override
    public String toString() {
        return "DomainKeys[destroyed=" + destroyed + "]";
    }

    private void requireLive() {
        if (destroyed) {
            throw new IllegalStateException("domain keys were destroyed");
        }
    }
}
