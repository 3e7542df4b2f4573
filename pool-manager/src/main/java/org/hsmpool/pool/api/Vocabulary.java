package org.hsmpool.pool.api;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The enumerations of the Key Vault keys REST specification (models.tsp of
 * Azure/azure-rest-api-specs, Security.KeyVault.Keys), as the wire spells them. A value outside
 * them is refused here with the list; whether a pool offers a listed value (RSNULL, oct, CBC without
 * padding, ...) is for the key service to say.
 */
final class Vocabulary {
    /** JsonWebKeyType. */
    static final Set<String> KEY_TYPES = ordered("EC", "EC-HSM", "RSA", "RSA-HSM", "oct", "oct-HSM", "AKP", "AKP-HSM");
    /** The ML-DSA algorithms of an AKP key (Azure's .NET SDK sources; IETF COSE/JOSE ML-DSA draft). */
    static final Set<String> ML_DSA = ordered("ML-DSA-44", "ML-DSA-65", "ML-DSA-87");
    /** JsonWebKeyCurveName, and SECP256K1, the name api-version 7.0 used for P-256K. */
    static final Set<String> CURVES = ordered("P-256", "P-384", "P-521", "P-256K", "SECP256K1");
    /** JsonWebKeyOperation. */
    static final Set<String> KEY_OPERATIONS = ordered("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey",
            "import", "export");
    /** JsonWebKeySignatureAlgorithm. */
    static final Set<String> SIGNATURE_ALGORITHMS = ordered("PS256", "PS384", "PS512", "RS256", "RS384", "RS512",
            "RSNULL", "ES256", "ES384", "ES512", "ES256K", "ML-DSA-44", "ML-DSA-65", "ML-DSA-87");
    /** JsonWebKeyEncryptionAlgorithm (also used by wrapKey and unwrapKey). */
    static final Set<String> ENCRYPTION_ALGORITHMS = ordered("RSA-OAEP", "RSA-OAEP-256", "RSA1_5", "A128GCM",
            "A192GCM", "A256GCM", "A128KW", "A192KW", "A256KW", "A128CBC", "A192CBC", "A256CBC", "A128CBCPAD",
            "A192CBCPAD", "A256CBCPAD", "CKM_AES_KEY_WRAP", "CKM_AES_KEY_WRAP_PAD");

    private Vocabulary() {
    }

    private static Set<String> ordered(String... values) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(values)));
    }
}
