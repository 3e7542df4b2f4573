package org.hsmpool.pool.keys;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A key to create, as the API parsed it (shape already checked: base64url decoded, types are
 * right). The service checks the meaning: type/size/curve combinations, operations per type.
 *
 * @param keyType {@code RSA}, {@code RSA-HSM}, {@code EC}, {@code EC-HSM} or {@code oct-HSM}
 * @param size RSA modulus bits or AES bits; null for EC or when not given
 * @param curve {@code P-256}, {@code P-384}, {@code P-521}, {@code P-256K}; null for RSA and oct
 * @param publicExponent null, 0 or 65537 (0 means 65537)
 * @param keyOps JWK operations; null or empty means every operation the type allows
 * @param enabled null means true
 * @param alg the ML-DSA parameter set of an AKP key ({@code ML-DSA-44}, {@code ML-DSA-65}, {@code ML-DSA-87});
 *            null for the other types
 */
public record NewKey(String keyType, Integer size, String curve, Integer publicExponent, List<String> keyOps,
        Boolean enabled, Instant notBefore, Instant expires, Map<String, String> tags, String alg) {

    /** A key of a type without {@code alg} (every type but AKP). */
    public NewKey(String keyType, Integer size, String curve, Integer publicExponent, List<String> keyOps,
            Boolean enabled, Instant notBefore, Instant expires, Map<String, String> tags) {
        this(keyType, size, curve, publicExponent, keyOps, enabled, notBefore, expires, tags, null);
    }
}
