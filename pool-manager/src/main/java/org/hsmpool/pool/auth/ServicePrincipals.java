package org.hsmpool.pool.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.ServicePrincipal;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The service principals of the built-in token service: created with a random secret that is
 * handed out once and stored only as a {@link SecretHash}; authenticated by client id and secret.
 * An unknown client id costs the same hash as a known one, so the time taken does not tell which
 * client ids exist.
 */
@ApplicationScoped
public class ServicePrincipals {
    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Compared against when the client id is unknown; made from a secret no one knows. */
    private static final String NOBODY = SecretHash.hash(SecretHash.newSecret());

    private final PoolStore store;

    public ServicePrincipals(PoolStore store) {
        this.store = store;
    }

    /** A new principal and its secret: the only time the secret exists outside the client. */
    public record Created(ServicePrincipal principal, String secret) {
        @Override
        public String toString() {
            return "Created[" + principal + "]";
        }
    }

    public Created create(String displayName) {
        String secret = SecretHash.newSecret();
        ServicePrincipal principal = new ServicePrincipal(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                displayName, SecretHash.hash(secret), Instant.now());
        store.createServicePrincipal(principal);
        return new Created(principal, secret);
    }

    public List<ServicePrincipal> list() {
        return store.servicePrincipals();
    }

    public Optional<ServicePrincipal> delete(String clientId) {
        return isGuid(clientId) ? store.deleteServicePrincipal(clientId.toLowerCase(java.util.Locale.ROOT))
                : Optional.empty();
    }

    /** The principal whose client id and secret these are, or empty. */
    public Optional<ServicePrincipal> authenticate(String clientId, String secret) {
        Optional<ServicePrincipal> found = isGuid(clientId)
                ? store.servicePrincipal(clientId.toLowerCase(java.util.Locale.ROOT))
                : Optional.empty();
        boolean matches = SecretHash.matches(secret == null || secret.isEmpty() ? "-" : secret,
                found.map(ServicePrincipal::secretHash).orElse(NOBODY));
        return matches && secret != null && !secret.isEmpty() ? found : Optional.empty();
    }

    static boolean isGuid(String value) {
        return value != null && GUID.matcher(value).matches();
    }
}
