package org.hsmpool.pool.store;

import java.time.Instant;

/**
 * A service principal of the built-in token service.
 *
 * @param clientId the GUID a client authenticates with ({@code client_id}, the token's {@code appid})
 * @param objectId the GUID tokens name as {@code oid} and {@code sub}: the principal RBAC sees
 * @param displayName a human name, not unique
 * @param secretHash the salted hash of the client secret (never the secret)
 * @param created when it was created, to the millisecond
 */
public record ServicePrincipal(String clientId, String objectId, String displayName, String secretHash,
        Instant created) {

    public ServicePrincipal {
        Arguments.guid(clientId, "a client id");
        Arguments.guid(objectId, "an object id");
        Arguments.text(displayName, "a display name", 256);
        Arguments.text(secretHash, "a secret hash", 512);
        created = Arguments.time(created, "the creation time");
    }

    @Override
    public String toString() {
        return "ServicePrincipal[" + clientId + ", oid " + objectId + ", " + displayName + "]";
    }
}
