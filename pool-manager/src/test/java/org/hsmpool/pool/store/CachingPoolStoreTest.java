package org.hsmpool.pool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.pool.store.StoreAssertions.assertFailsWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read cache in front of the store: every write that changes a kept value is seen by the next
 * read (a stale key version would let a deleted or disabled key be used). Each test first reads
 * through the cache so that the value is kept, then writes through it, then reads again.
 */
class CachingPoolStoreTest {
    private static final String CRYPTO_USER =
            "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/21dbd100-6940-42c2-9190-5d6cb909625b";

    @TempDir
    Path dir;
    JdbcPoolStore underlying;
    PoolStore store;
    KeyVersion v1;

    @BeforeEach
    void open() {
        underlying = Fixtures.open(dir.resolve("pool.db"));
        store = new CachingPoolStore(underlying);
        v1 = Fixtures.append(store, "k");
        assertThat(store.latestVersion("k")).hasValueSatisfying(v -> assertThat(v.versionId()).isEqualTo(v1.versionId()));
        assertThat(store.keyVersion("k", v1.versionId())).isPresent();
    }

    @Test
    void keepsWhatItReadUntilAWriteGoesThroughIt() {
        // a write that bypasses the cache is not seen: this is what makes the tests below meaningful
        underlying.updateKeyProperties("k", v1.versionId(), disabled(), Fixtures.T0, Fixtures.NO_PAYLOAD);

        assertThat(store.keyVersion("k", v1.versionId()).orElseThrow().properties().enabled()).isTrue();
        assertThat(store.latestVersion("k").orElseThrow().properties().enabled()).isTrue();
    }

    @Test
    void aSharedCacheServesWhatItKeepsOnlyWhileItsChangeFeedVouchesForIt() {
        CachingPoolStore shared = CachingPoolStore.shared(underlying);
        assertThat(shared.latestVersion("k")).isPresent();
        underlying.updateKeyProperties("k", v1.versionId(), disabled(), Fixtures.T0, Fixtures.NO_PAYLOAD);
        assertThat(shared.latestVersion("k").orElseThrow().properties().enabled())
                .as("not vouched for yet: read through, nothing kept").isFalse();

        shared.trustUntil(System.nanoTime() + Duration.ofMinutes(1).toNanos());
        KeyVersion kept = shared.latestVersion("k").orElseThrow();
        assertThat(shared.latestVersion("k").orElseThrow()).as("kept").isSameAs(kept);
        underlying.updateKeyProperties("k", v1.versionId(), Fixtures.SIGNING, Fixtures.T0, Fixtures.NO_PAYLOAD);
        shared.forget(StoreChange.RBAC);
        assertThat(shared.latestVersion("k").orElseThrow()).as("another group forgotten").isSameAs(kept);
        shared.forget(StoreChange.KEYS);
        assertThat(shared.latestVersion("k").orElseThrow().properties().enabled()).as("its group forgotten").isTrue();

        underlying.updateKeyProperties("k", v1.versionId(), disabled(), Fixtures.T0, Fixtures.NO_PAYLOAD);
        shared.trustUntil(System.nanoTime()); // the feed's last check is too old
        assertThat(shared.latestVersion("k").orElseThrow().properties().enabled()).as("trust lapsed").isFalse();
    }

    @Test
    void aDisabledKeyIsSeenDisabledAtOnce() {
        store.updateKeyProperties("k", v1.versionId(), disabled(), Fixtures.T0, Fixtures.NO_PAYLOAD);

        assertThat(store.keyVersion("k", v1.versionId()).orElseThrow().properties().enabled()).isFalse();
        assertThat(store.latestVersion("k").orElseThrow().properties().enabled()).isFalse();
    }

    @Test
    void aNewVersionBecomesTheLatestAtOnce() {
        KeyVersion v2 = Fixtures.append(store, "k"); // create, rotate, import and restore all append

        assertThat(store.latestVersion("k").orElseThrow().versionId()).isEqualTo(v2.versionId());
    }

    @Test
    void aDeletedKeyIsGoneAtOnceAndARecoveredOneBack() {
        store.deleteKey("k", Fixtures.T0, Fixtures.T0.plus(Duration.ofDays(7)), "r", Fixtures.NO_PAYLOAD);

        assertThat(store.latestVersion("k")).isEmpty();
        assertThat(store.keyVersion("k", v1.versionId())).isEmpty();

        store.recoverKey("k", Fixtures.NO_PAYLOAD);

        assertThat(store.latestVersion("k")).isPresent();
        assertThat(store.keyVersion("k", v1.versionId())).isPresent();
    }

    @Test
    void aPurgedKeyStaysGoneAndItsNameCanBeReused() {
        store.deleteKey("k", Fixtures.T0, Fixtures.T0.plus(Duration.ofDays(7)), "r", Fixtures.NO_PAYLOAD);
        assertThat(store.latestVersion("k")).isEmpty(); // absent answers are not kept either
        store.purgeKey("k", Fixtures.NO_PAYLOAD);

        assertThat(store.keyVersion("k", v1.versionId())).isEmpty();
        KeyVersion reused = Fixtures.append(store, "k");
        assertThat(store.latestVersion("k").orElseThrow().versionId()).isEqualTo(reused.versionId());
    }

    @Test
    void aFailedWriteLeavesNothingStale() {
        store.deleteKey("k", Fixtures.T0, Fixtures.T0.plus(Duration.ofDays(7)), "r", Fixtures.NO_PAYLOAD);

        assertFailsWith(StoreException.Code.NOT_FOUND,
                () -> store.deleteKey("k", Fixtures.T0, Fixtures.T0, "r", Fixtures.NO_PAYLOAD));
        assertThat(store.latestVersion("k")).isEmpty();
    }

    @Test
    void poolStateChangesAreSeenAtOnce() {
        store.createPool(Fixtures.hex32(), "p", Fixtures.T0);
        assertThat(store.pool().orElseThrow().state()).isEqualTo(PoolState.NotActivated);

        store.changePoolState(PoolState.NotActivated, PoolState.Activating);

        assertThat(store.pool().orElseThrow().state()).isEqualTo(PoolState.Activating);
    }

    @Test
    void roleAssignmentsAreSeenAtOnceWhenMadeAndWhenRemoved() {
        assertThat(store.roleAssignmentsOf("alice")).isEmpty();
        var grant = new RoleAssignment(UUID.randomUUID().toString(), "/keys", CRYPTO_USER, "alice");

        store.createRoleAssignment(grant);
        assertThat(store.roleAssignmentsOf("alice")).containsExactly(grant);

        store.deleteRoleAssignment(grant.id());
        assertThat(store.roleAssignmentsOf("alice")).isEmpty();
    }

    @Test
    void roleDefinitionsAreSeenAtOnceWhenReplacedAndWhenRemoved() {
        String id = UUID.randomUUID().toString();
        var signer = new RoleDefinition(id, "Signer", "may sign",
                "[{\"dataActions\":[\"Microsoft.KeyVault/managedHsm/keys/sign/action\"]}]", List.of("/"));
        store.putRoleDefinition(signer);
        assertThat(store.roleDefinition(id)).hasValue(signer);

        var emptied = new RoleDefinition(id, "Signer", "may do nothing", "[]", List.of("/"));
        store.putRoleDefinition(emptied);
        assertThat(store.roleDefinition(id)).hasValue(emptied);

        store.deleteRoleDefinition(id);
        assertThat(store.roleDefinition(id)).isEmpty();
    }

    @Test
    void aReadThatRacedAWriteIsNotKept() {
        ReadCache<String, String> cache = new ReadCache<>(10);
        AtomicInteger loads = new AtomicInteger();

        // the write (and its invalidation) happens while the load is under way: the loaded value may
        // be from before the write, so it must not be kept
        String first = cache.get("k", k -> {
            loads.incrementAndGet();
            cache.invalidate();
            return "before the write";
        });
        String second = cache.get("k", k -> {
            loads.incrementAndGet();
            return "after the write";
        });

        assertThat(first).isEqualTo("before the write");
        assertThat(second).isEqualTo("after the write");
        assertThat(cache.get("k", k -> "not loaded again")).isEqualTo("after the write");
        assertThat(loads).hasValue(2);
    }

    @Test
    void aFullCacheStartsAgainInsteadOfGrowing() {
        ReadCache<Integer, Integer> cache = new ReadCache<>(3);
        for (int i = 0; i < 10; i++) {
            cache.get(i, k -> k);
        }

        assertThat(cache.size()).isBetween(1, 3);
    }

    private static KeyProperties disabled() {
        return new KeyProperties(false, null, null, List.of("sign", "verify"), Map.of());
    }
}
