package org.hsmpool.sd;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * HKDF-SHA-256 (RFC 5869) from the master S. The salt binds every derived key to the pool id, the
 * info label separates the keys from each other; changing a label or the salt prefix is a new
 * blob format version.
 */
final class DomainKdf {

    static final int KEY_BYTES = 32;
    static final String SALT_PREFIX = "hsmpool security domain v1:";
    static final String WRAP_KEY_LABEL = "hsmpool pool wrap key v1";
    static final String MAC_KEY_LABEL = "hsmpool pool mac key v1";
    static final String CHECK_KEY_LABEL = "hsmpool check value key v1";

    private DomainKdf() {
    }

    static byte[] derive(byte[] master, String poolId, String label) {
        Limits.requireMaster(master);
        Limits.requirePoolId(poolId);
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(master, (SALT_PREFIX + poolId).getBytes(UTF_8), label.getBytes(UTF_8)));
        byte[] key = new byte[KEY_BYTES];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }
}
