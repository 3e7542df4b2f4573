package org.hsmpool.pool.auth;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hsmpool.pool.keys.KeyService;
import org.hsmpool.pool.keys.ManagedKey;
import org.hsmpool.pool.keys.NewKey;
import org.hsmpool.pool.store.KeyVersion;
import org.hsmpool.pool.store.Page;
import org.hsmpool.pool.store.PoolState;
import org.hsmpool.pool.store.PoolStore;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64URL;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The key that signs the pool's access tokens: an EC P-256 key in the HSM nodes, made and
 * replicated like any key version (through {@link KeyService}), under the internal name
 * {@value #NAME}. That name starts with {@link PoolStore#INTERNAL_KEY_PREFIX}, which no key name of
 * the API may contain, so no client can address it, and the store's listings leave it out. Its
 * private half exists only in the nodes' tokens and, sealed under the pool wrap key, in the store;
 * the manager sees only its public JWK. Created at the first token request after activation (before
 * activation the pool holds no domain keys to seal it with).
 */
@ApplicationScoped
public class TokenSigningKey {
    /** The internal key name; never valid in a key path of the API. */
    public static final String NAME = PoolStore.INTERNAL_KEY_PREFIX + "token-signing";
    static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;
    private static final long RELOAD_INTERVAL_NANOS = 1_000_000_000L;

    private final PoolStore store;
    private final KeyService keys;
    private volatile List<ECKey> publicKeys = List.of();
    private volatile long loadedAt;
    private volatile boolean loadedOnce;

    public TokenSigningKey(PoolStore store, KeyService keys) {
        this.store = store;
        this.keys = keys;
    }

    /** Thrown when no token can be signed because the pool is not activated. */
    public static final class NotActivated extends RuntimeException {
        NotActivated(PoolState state) {
            super("the pool is " + state + ": tokens are issued only once the pool is activated "
                    + "(POST /securitydomain/download)");
        }
    }

    /** The current signing key version, created (and replicated) first if there is none yet. */
    public synchronized ECKey current() {
        PoolState state = store.pool().orElseThrow().state();
        if (state != PoolState.Activated) {
            throw new NotActivated(state);
        }
        Optional<KeyVersion> latest = store.latestVersion(NAME);
        if (latest.isPresent()) {
            return jwk(latest.get().versionId(), latest.get().publicJwk());
        }
        ManagedKey created = keys.create(NAME, new NewKey("EC-HSM", null, "P-256", null, List.of("sign", "verify"),
                true, null, null, Map.of()));
        reload();
        return jwk(created.version(), created.jwk());
    }

    /** A signer for {@code key} (one of {@link #current()}'s): the signature is made in a node. */
    NodeJwsSigner signer(ECKey key) {
        return new NodeJwsSigner(keys, NAME, key.getKeyID());
    }

    /**
     * The public keys of every version, to verify the pool's tokens and publish as the JWKS. Read
     * again from the store when asked for a key id it does not know (at most once a second).
     */
    public List<ECKey> publicKeys(String wantedKeyId) {
        boolean known = wantedKeyId != null && publicKeys.stream().anyMatch(k -> wantedKeyId.equals(k.getKeyID()));
        if (!loadedOnce || (!known && wantedKeyId != null && System.nanoTime() - loadedAt > RELOAD_INTERVAL_NANOS)) {
            reload();
        }
        return publicKeys;
    }

    private synchronized void reload() {
        List<ECKey> found = new ArrayList<>();
        String next = null;
        do {
            Page<KeyVersion> page = store.listVersions(NAME, next, 25);
            page.items().forEach(v -> found.add(jwk(v.versionId(), v.publicJwk())));
            next = page.continuation();
        } while (next != null);
        publicKeys = List.copyOf(found);
        loadedAt = System.nanoTime();
        loadedOnce = true;
    }

    private static ECKey jwk(String versionId, String storedJwk) {
        try {
            return jwk(versionId, com.nimbusds.jose.util.JSONObjectUtils.parse(storedJwk));
        } catch (ParseException e) {
            throw new IllegalStateException("the stored public key of the token signing key is not JSON", e);
        }
    }

    /**
     * The JOSE form of the stored Key Vault JWK ({@code kty} EC-HSM), with the version as key id and
     * the coordinates at their fixed 32 bytes (the stored ones may carry a sign byte).
     */
    private static ECKey jwk(String versionId, Map<String, Object> stored) {
        return new ECKey.Builder(Curve.P_256, coordinate(stored.get("x")), coordinate(stored.get("y")))
                .keyID(versionId).keyUse(KeyUse.SIGNATURE).algorithm(ALGORITHM).build();
    }

    private static Base64URL coordinate(Object stored) {
        return ECKey.encodeCoordinate(256, new Base64URL((String) stored).decodeToBigInteger());
    }
}
