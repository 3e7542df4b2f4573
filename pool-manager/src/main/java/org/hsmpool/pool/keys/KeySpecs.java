package org.hsmpool.pool.keys;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.nodeapi.v1.KeyMaterial;
import org.hsmpool.nodeapi.v1.KeySpec;
import org.hsmpool.nodeapi.v1.KeyType;
import org.hsmpool.pool.store.KeyProperties;
import org.hsmpool.pool.store.StoreException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The facts of a new key, checked before any node is asked: its type and size as a node's
 * {@link KeySpec}, its properties, the public JWK kept in the store, and a fresh version id.
 */
final class KeySpecs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeySpecs() {
    }

    static KeySpec spec(String keyType, NewKey key) {
        KeySpec.Builder spec = KeySpec.newBuilder().setType(KeyOperations.nodeType(keyType));
        switch (keyType) {
            case "RSA-HSM" -> {
                int size = key.size() == null ? 2048 : key.size();
                if (size != 2048 && size != 3072 && size != 4096) {
                    throw KeyException.badParameter("key_size for RSA-HSM must be 2048, 3072 or 4096");
                }
                if (key.publicExponent() != null && key.publicExponent() != 0 && key.publicExponent() != 65537) {
                    throw KeyException.badParameter("public_exponent must be 65537 (or 0, meaning 65537)");
                }
                spec.setSize(size);
            }
            case "EC-HSM" -> {
                if (key.size() != null) {
                    throw KeyException.badParameter("key_size is not used with EC-HSM keys: give crv");
                }
                spec.setCurve(KeyOperations.curve(key.curve()));
            }
            case KeyOperations.AKP -> {
                if (key.size() != null || key.curve() != null) {
                    throw KeyException.badParameter("key_size and crv are not used with AKP-HSM keys: give alg "
                            + "(ML-DSA-44, ML-DSA-65 or ML-DSA-87)");
                }
                spec.setSize(KeyOperations.mlDsaParameterSet(key.alg()));
            }
            default -> {
                int size = key.size() == null ? 256 : key.size();
                if (size != 128 && size != 192 && size != 256) {
                    throw KeyException.badParameter("key_size for oct-HSM must be 128, 192 or 256");
                }
                spec.setSize(size);
            }
        }
        return spec.build();
    }

    static KeyProperties properties(NewKey key, List<String> ops) {
        if (key.notBefore() != null && key.expires() != null && !key.notBefore().isBefore(key.expires())) {
            throw KeyException.badParameter("nbf must be before exp");
        }
        try {
            return new KeyProperties(key.enabled() == null || key.enabled(), key.notBefore(), key.expires(),
                    new ArrayList<>(ops), key.tags() == null ? Map.of() : key.tags());
        } catch (StoreException e) {
            throw KeyErrors.translate(e);
        }
    }

    /** The public JWK of a new version as the store keeps it (null for a symmetric key). */
    static String publicJwk(String keyType, KeyMaterial material) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", keyType);
        var pub = material.getPublicKey();
        if (material.getSpec().getType() == KeyType.RSA) {
            jwk.put("n", B64URL.encodeToString(pub.getN().toByteArray()));
            jwk.put("e", B64URL.encodeToString(pub.getE().toByteArray()));
        } else if (material.getSpec().getType() == KeyType.EC) {
            jwk.put("crv", KeyOperations.curveName(material.getSpec().getCurve()));
            jwk.put("x", B64URL.encodeToString(pub.getX().toByteArray()));
            jwk.put("y", B64URL.encodeToString(pub.getY().toByteArray()));
        } else if (material.getSpec().getType() == KeyType.AKP) {
            jwk.put("alg", "ML-DSA-" + material.getSpec().getSize());
            jwk.put("pub", B64URL.encodeToString(pub.getPub().toByteArray()));
        } else {
            return null;
        }
        try {
            return JSON.writeValueAsString(jwk);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String newVersionId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }
}
