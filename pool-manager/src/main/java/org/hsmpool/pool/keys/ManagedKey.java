package org.hsmpool.pool.keys;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One key version as the API shows it.
 *
 * @param keyType the Key Vault type, e.g. {@code RSA-HSM}
 * @param jwk the public JWK members (kty, n, e or crv, x, y; base64url strings), or for oct-HSM keys
 *            only {@code kty}; never private members
 * @param recoveryLevel e.g. {@code Recoverable+Purgeable}
 */
public record ManagedKey(String name, String version, String keyType, Map<String, Object> jwk, List<String> keyOps,
        boolean enabled, Instant notBefore, Instant expires, Instant created, Instant updated, String recoveryLevel,
        int recoverableDays, Map<String, String> tags, boolean managed) {
}
