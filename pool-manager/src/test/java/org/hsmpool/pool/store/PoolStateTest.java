package org.hsmpool.pool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.pool.store.StoreAssertions.assertFailsWith;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PoolStateTest {
    private static final String BLOB_HASH = "ab".repeat(32);

    @TempDir
    Path dir;
    PoolStore store;

    @BeforeEach
    void open() {
        store = Fixtures.open(dir.resolve("pool.db"));
    }

    @Test
    void aNewPoolIsNotActivatedAndHasNoSecurityDomain() {
        String id = Fixtures.hex32();
        store.createPool(id, "contoso-hsm", Fixtures.T0);

        assertThat(store.pool()).hasValueSatisfying(pool -> {
            assertThat(pool.id()).isEqualTo(id);
            assertThat(pool.name()).isEqualTo("contoso-hsm");
            assertThat(pool.state()).isEqualTo(PoolState.NotActivated);
            assertThat(pool.created()).isEqualTo(Fixtures.T0);
            assertThat(pool.securityDomain()).isNull();
        });
    }

    @Test
    void aStoreHoldsOnePool() {
        store.createPool(Fixtures.hex32(), "first", Fixtures.T0);

        assertFailsWith(StoreException.Code.CONFLICT, () -> store.createPool(Fixtures.hex32(), "second", Fixtures.T0));
        assertThat(store.pool()).map(Pool::name).hasValue("first");
    }

    @Test
    void stateChangesAreCompareAndSet() {
        store.createPool(Fixtures.hex32(), "pool", Fixtures.T0);

        assertThat(store.changePoolState(PoolState.NotActivated, PoolState.Activating).state())
                .isEqualTo(PoolState.Activating);
        var e = assertFailsWith(StoreException.Code.STATE_MISMATCH,
                () -> store.changePoolState(PoolState.NotActivated, PoolState.Restoring));
        assertThat(e.getMessage()).contains("Activating");
        assertThat(store.pool()).map(Pool::state).hasValue(PoolState.Activating);
    }

    @Test
    void changingTheStateOfAMissingPoolIsNotFound() {
        assertFailsWith(StoreException.Code.NOT_FOUND,
                () -> store.changePoolState(PoolState.NotActivated, PoolState.Activating));
    }

    @Test
    void activationRecordsTheSecurityDomainAndTheStateTogether() {
        store.createPool(Fixtures.hex32(), "pool", Fixtures.T0);
        store.changePoolState(PoolState.NotActivated, PoolState.Activating);
        var sd = domain(2, List.of("t1", "t2", "t3"));

        Pool activated = store.activatePool(PoolState.Activating, sd);

        assertThat(activated.state()).isEqualTo(PoolState.Activated);
        assertThat(activated.securityDomain()).isEqualTo(sd);
        assertThat(store.pool()).map(Pool::securityDomain).hasValue(sd);
    }

    @Test
    void aFailedActivationWritesNoSecurityDomain() {
        store.createPool(Fixtures.hex32(), "pool", Fixtures.T0);

        assertFailsWith(StoreException.Code.STATE_MISMATCH,
                () -> store.activatePool(PoolState.Restoring, domain(2, List.of("t1", "t2", "t3"))));
        assertThat(store.pool()).hasValueSatisfying(pool -> {
            assertThat(pool.state()).isEqualTo(PoolState.NotActivated);
            assertThat(pool.securityDomain()).isNull();
        });
    }

    @Test
    void aRestoreReplacesTheSecurityDomain() {
        store.createPool(Fixtures.hex32(), "pool", Fixtures.T0);
        store.changePoolState(PoolState.NotActivated, PoolState.Activating);
        store.activatePool(PoolState.Activating, domain(2, List.of("a", "b", "c")));
        store.changePoolState(PoolState.Activated, PoolState.Restoring);
        var restored = domain(3, List.of("d", "e", "f", "g"));

        store.activatePool(PoolState.Restoring, restored);

        assertThat(store.pool()).map(Pool::securityDomain).hasValue(restored);
    }

    @Test
    void onlyOneOfManyConcurrentActivationsWins() throws Exception {
        store.createPool(Fixtures.hex32(), "pool", Fixtures.T0);
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit((Callable<Boolean>) () -> {
                    start.await();
                    try {
                        store.changePoolState(PoolState.NotActivated, PoolState.Activating);
                        return true;
                    } catch (StoreException e) {
                        assertThat(e.code()).isEqualTo(StoreException.Code.STATE_MISMATCH);
                        return false;
                    }
                }));
            }
            start.countDown();
            long winners = 0;
            for (var result : results) {
                winners += result.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "M={0}, N={1}, thumbprints={2}")
    @CsvSource({"1, 3, 3", "4, 3, 3", "2, 2, 2", "2, 11, 11", "2, 3, 2", "2, 3, 4"})
    void anImpossibleSecurityDomainIsRefused(int quorum, int shares, int thumbprints) {
        var prints = IntStream.range(0, thumbprints).mapToObj(i -> "t" + i).toList();

        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> new SecurityDomainInfo(Fixtures.hex32(), prints,
                quorum, shares, BLOB_HASH, Fixtures.T0));
    }

    @Test
    void aRestoresTransferKeyIsKeptUntilThePoolIsRestored() {
        store.createPool(Fixtures.hex32(), "pool", Fixtures.T0);
        assertThat(store.transferKey()).isEmpty();

        store.recordTransferKey(new TransferKeyIssue("node-1", "01".repeat(32), Fixtures.T0));
        var second = new TransferKeyIssue("node-2", "02".repeat(32), Fixtures.T0.plusSeconds(5));
        store.recordTransferKey(second);
        assertThat(store.transferKey()).as("the last one issued").hasValue(second);
        // what another manager of the same store reads between the two upload steps
        assertThat(Fixtures.open(dir.resolve("pool.db")).transferKey()).hasValue(second);

        store.changePoolState(PoolState.NotActivated, PoolState.Restoring);
        store.activatePool(PoolState.Restoring, domain(2, List.of("t1", "t2", "t3")));
        assertThat(store.transferKey()).as("used up by the restore").isEmpty();
    }

    @Test
    void aTransferKeyNamesANodeAndADigest() {
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT,
                () -> new TransferKeyIssue("node 1", "01".repeat(32), Fixtures.T0));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT,
                () -> new TransferKeyIssue("node-1", "not a digest", Fixtures.T0));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> new TransferKeyIssue("node-1", "01".repeat(32), null));
    }

    private static SecurityDomainInfo domain(int quorum, List<String> thumbprints) {
        return new SecurityDomainInfo(Fixtures.hex32(), thumbprints, quorum, thumbprints.size(), BLOB_HASH,
                Fixtures.T0.plusSeconds(60));
    }
}
