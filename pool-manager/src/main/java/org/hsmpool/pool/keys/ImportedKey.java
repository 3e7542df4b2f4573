package org.hsmpool.pool.keys;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A key a client brings with {@code PUT /keys/{name}}, as the API parsed it: the JWK's type, curve
 * and its binary members (base64url already decoded: {@code n e d p q dp dq qi}, {@code x y d},
 * {@code k}), and the attributes the new version gets. The service checks the meaning and never
 * keeps the private members beyond the call.
 *
 * @param keyOps null or empty means every operation the type allows
 * @param alg an AKP key's parameter set (ML-DSA-44/65/87); its members are {@code pub} and {@code priv}
 *            (the 32-byte FIPS 204 seed, IETF COSE/JOSE ML-DSA draft); null for the other types
 * @param enabled null means true
 */
public record ImportedKey(String kty, String curve, Map<String, byte[]> members, List<String> keyOps,
        Boolean enabled, Instant notBefore, Instant expires, Map<String, String> tags, String alg) {

    /** A key of a type without {@code alg} (every type but AKP). */
    public ImportedKey(String kty, String curve, Map<String, byte[]> members, List<String> keyOps, Boolean enabled,
            Instant notBefore, Instant expires, Map<String, String> tags) {
        this(kty, curve, members, keyOps, enabled, notBefore, expires, tags, null);
    }
}
