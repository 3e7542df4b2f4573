package org.hsmpool.pool.api;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The enumerations of the Key Vault keys REST specification (models.tsp of
 * Azure/azure-rest-api-specs, Security.KeyVault.Keys), as the wire spells them: Jackson reads a
 * constant only from its exact spelling ({@link #wire()}, no other letter case, no number), the
 * OpenAPI document lists the same spellings, and a value outside them is refused by
 * {@link StrictJson} with the list. Whether a pool offers a listed value (RSNULL, oct, CBC without
 * padding, ...) is for the key service to say.
 */
public final class Vocabulary {
    private Vocabulary() {
    }

    /** A constant of the wire with its exact spelling. */
    public interface Wire {
        String wire();
    }

    /** JsonWebKeyType. */
    public enum JsonWebKeyType implements Wire {
        EC("EC"), EC_HSM("EC-HSM"), RSA("RSA"), RSA_HSM("RSA-HSM"), OCT("oct"), OCT_HSM("oct-HSM"), AKP("AKP"),
        AKP_HSM("AKP-HSM");

        private final String wire;

        JsonWebKeyType(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }

        boolean isAkp() {
            return this == AKP || this == AKP_HSM;
        }
    }

    /** The ML-DSA algorithms of an AKP key (Azure's .NET SDK sources; IETF COSE/JOSE ML-DSA draft). */
    public enum MlDsa implements Wire {
        ML_DSA_44("ML-DSA-44"), ML_DSA_65("ML-DSA-65"), ML_DSA_87("ML-DSA-87");

        private final String wire;

        MlDsa(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }

    /** JsonWebKeyCurveName, and SECP256K1, the name api-version 7.0 used for P-256K. */
    public enum JsonWebKeyCurveName implements Wire {
        P_256("P-256"), P_384("P-384"), P_521("P-521"), P_256K("P-256K"), SECP256K1("SECP256K1");

        private final String wire;

        JsonWebKeyCurveName(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }

    /** JsonWebKeyOperation. */
    public enum JsonWebKeyOperation implements Wire {
        ENCRYPT("encrypt"), DECRYPT("decrypt"), SIGN("sign"), VERIFY("verify"), WRAP_KEY("wrapKey"),
        UNWRAP_KEY("unwrapKey"), IMPORT("import"), EXPORT("export");

        private final String wire;

        JsonWebKeyOperation(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }

    /** JsonWebKeySignatureAlgorithm. */
    public enum JsonWebKeySignatureAlgorithm implements Wire {
        PS256("PS256"), PS384("PS384"), PS512("PS512"), RS256("RS256"), RS384("RS384"), RS512("RS512"),
        RSNULL("RSNULL"), ES256("ES256"), ES384("ES384"), ES512("ES512"), ES256K("ES256K"), ML_DSA_44("ML-DSA-44"),
        ML_DSA_65("ML-DSA-65"), ML_DSA_87("ML-DSA-87");

        private final String wire;

        JsonWebKeySignatureAlgorithm(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }

    /** JsonWebKeyEncryptionAlgorithm (also used by wrapKey and unwrapKey). */
    public enum JsonWebKeyEncryptionAlgorithm implements Wire {
        RSA_OAEP("RSA-OAEP"), RSA_OAEP_256("RSA-OAEP-256"), RSA1_5("RSA1_5"), A128GCM("A128GCM"), A192GCM("A192GCM"),
        A256GCM("A256GCM"), A128KW("A128KW"), A192KW("A192KW"), A256KW("A256KW"), A128CBC("A128CBC"),
        A192CBC("A192CBC"), A256CBC("A256CBC"), A128CBCPAD("A128CBCPAD"), A192CBCPAD("A192CBCPAD"),
        A256CBCPAD("A256CBCPAD"), CKM_AES_KEY_WRAP("CKM_AES_KEY_WRAP"), CKM_AES_KEY_WRAP_PAD("CKM_AES_KEY_WRAP_PAD");

        private final String wire;

        JsonWebKeyEncryptionAlgorithm(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }

    /** The wire spellings of the values of a list, in order, without repeats; null stays null. */
    static java.util.List<String> wires(java.util.List<? extends Wire> values) {
        return values == null ? null
                : values.stream().map(Wire::wire).distinct().toList();
    }

    static String wire(Wire value) {
        return value == null ? null : value.wire();
    }
}
