package org.hsmpool.pool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.pool.store.StoreAssertions.assertFailsWith;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServicePrincipalStoreTest {
    @TempDir
    Path dir;
    PoolStore store;

    @BeforeEach
    void open() {
        store = Fixtures.open(dir.resolve("pool.db"));
    }

    private static ServicePrincipal principal(String name) {
        return new ServicePrincipal(UUID.randomUUID().toString(), UUID.randomUUID().toString(), name,
                "pbkdf2-sha256$600000$c2FsdA$aGFzaA", Fixtures.T0);
    }

    @Test
    void principalsAreCreatedReadListedByClientIdAndDeleted() {
        ServicePrincipal a = principal("app a");
        ServicePrincipal b = principal("app b");
        store.createServicePrincipal(a);
        store.createServicePrincipal(b);

        assertThat(store.servicePrincipal(a.clientId())).contains(a);
        assertThat(store.servicePrincipals()).extracting(ServicePrincipal::clientId)
                .containsExactlyElementsOf(java.util.stream.Stream.of(a, b).map(ServicePrincipal::clientId).sorted()
                        .toList());
        assertThat(store.deleteServicePrincipal(a.clientId())).contains(a);
        assertThat(store.deleteServicePrincipal(a.clientId())).isEmpty();
        assertThat(store.servicePrincipal(a.clientId())).isEmpty();
        assertThat(store.servicePrincipals()).containsExactly(b);
    }

    @Test
    void aClientIdOrObjectIdIsNotGivenTwice() {
        ServicePrincipal a = principal("app");
        store.createServicePrincipal(a);
        assertFailsWith(StoreException.Code.CONFLICT, () -> store.createServicePrincipal(a));
        assertFailsWith(StoreException.Code.CONFLICT, () -> store.createServicePrincipal(new ServicePrincipal(
                UUID.randomUUID().toString(), a.objectId(), "other", a.secretHash(), Fixtures.T0)));
        assertThat(store.servicePrincipals()).containsExactly(a);
    }

    @Test
    void badValuesAreRefused() {
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.servicePrincipal("not-a-guid"));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> new ServicePrincipal("x",
                UUID.randomUUID().toString(), "n", "h", Fixtures.T0));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> new ServicePrincipal(UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), "n".repeat(257), "h", Fixtures.T0));
    }

    @Test
    void internalKeysAreKeptButLeftOutOfTheListings() {
        KeyVersion internal = Fixtures.append(store, PoolStore.INTERNAL_KEY_PREFIX + "token-signing");
        Fixtures.append(store, "client-key");

        assertThat(store.latestVersion(internal.name())).contains(internal);
        assertThat(store.listKeys(null, 25).items()).extracting(KeyVersion::name).containsExactly("client-key");

        store.deleteKey(internal.name(), Fixtures.T0, Fixtures.T0.plusSeconds(60), "r", Fixtures.NO_PAYLOAD);
        store.deleteKey("client-key", Fixtures.T0, Fixtures.T0.plusSeconds(60), "r", Fixtures.NO_PAYLOAD);
        assertThat(store.listDeletedKeys(null, 25).items()).extracting(DeletedKey::name).containsExactly("client-key");
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.latestVersion("$"));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.latestVersion("$$x"));
    }
}
