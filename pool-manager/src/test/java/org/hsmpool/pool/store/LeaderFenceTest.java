package org.hsmpool.pool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.pool.store.StoreAssertions.assertFailsWith;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader lease's row: epochs count up, and a write fenced by an epoch that another leader has
 * superseded is refused and changes nothing, whatever it writes; unfenced writes (client requests)
 * do not care who leads.
 */
class LeaderFenceTest {
    private static final Instant T1 = Fixtures.T0.plusSeconds(1);

    @TempDir
    Path dir;
    private JdbcPoolStore store;
    private LeaseStore leases;

    @BeforeEach
    void open() {
        store = Fixtures.open(dir.resolve("pool.db"));
        leases = store.leases();
    }

    @Test
    void everyLeaderTakesTheNextEpoch() {
        assertThat(leases.current().epoch()).isZero();
        LeaderLease first = leases.take("manager-a", Fixtures.T0);
        LeaderLease second = leases.take("manager-b", T1);

        assertThat(first.epoch()).isEqualTo(1);
        assertThat(second).isEqualTo(new LeaderLease(2, "manager-b", T1, T1));
        assertThat(leases.current()).isEqualTo(second);
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> leases.take("", T1));
    }

    @Test
    void theCurrentLeaderRenewsAndASupersededOneIsRefused() {
        long old = leases.take("manager-a", Fixtures.T0).epoch();
        assertThat(leases.renew(old, T1).renewed()).isEqualTo(T1);
        long now = leases.take("manager-b", T1).epoch();

        long refusedBefore = LeaderFence.refusals();
        assertFailsWith(StoreException.Code.FENCED, () -> leases.renew(old, T1.plusSeconds(1)));
        assertThat(LeaderFence.refusals()).isEqualTo(refusedBefore + 1);
        assertThat(leases.current()).isEqualTo(new LeaderLease(now, "manager-b", T1, T1));
    }

    @Test
    void aSupersededLeadersJobWritesAreRefusedAndChangeNothing() {
        long old = leases.take("manager-a", Fixtures.T0).epoch();
        KeyVersion due = Fixtures.append(store, "due-for-purge");
        store.deleteKey("due-for-purge", Fixtures.T0, Fixtures.T0, "rid", Fixtures.NO_PAYLOAD);
        LeaderFence.run(old, () -> Fixtures.append(store, "rotated-by-a"));
        long head = store.logHead();
        leases.take("manager-b", T1);

        assertFailsWith(StoreException.Code.FENCED, () -> LeaderFence.run(old, () -> Fixtures.append(store, "rotated-by-a")));
        assertFailsWith(StoreException.Code.FENCED,
                () -> LeaderFence.run(old, () -> store.purgeKey("due-for-purge", Fixtures.NO_PAYLOAD)));
        assertFailsWith(StoreException.Code.FENCED,
                () -> LeaderFence.run(old, () -> store.advanceAuditHead(0, new AuditHead(1, new byte[] {1}))));
        assertFailsWith(StoreException.Code.FENCED,
                () -> LeaderFence.run(old, () -> store.putRotationPolicy("rotated-by-a", "{}", T1)));

        assertThat(store.logHead()).isEqualTo(head);
        assertThat(store.listVersions("rotated-by-a", null, 25).items()).hasSize(1);
        assertThat(store.deletedKey("due-for-purge")).isPresent();
        assertThat(store.versionById(due.versionId())).isPresent();
        assertThat(store.auditHead()).isEqualTo(AuditHead.EMPTY);
        assertThat(store.rotationPolicy("rotated-by-a")).isEmpty();
    }

    @Test
    void theCurrentLeadersJobWritesAndUnfencedWritesGoThrough() {
        leases.take("manager-a", Fixtures.T0);
        long now = leases.take("manager-b", T1).epoch();

        LeaderFence.run(now, () -> Fixtures.append(store, "rotated-by-b"));
        Fixtures.append(store, "created-by-a-client");

        assertThat(store.latestVersion("rotated-by-b")).isPresent();
        assertThat(store.latestVersion("created-by-a-client")).isPresent();
        assertThat(LeaderFence.current()).isEmpty();
    }

    /**
     * Eight threads write fenced by epoch 1 while a new leader takes epoch 2: every write that
     * committed did so before the new epoch (the log numbers them), and every one after it was refused.
     */
    @Test
    void noFencedWriteOfTheOldEpochCommitsAfterTheNewLeaderTookOver() throws Exception {
        long old = leases.take("manager-a", Fixtures.T0).epoch();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int writer = i;
            results.add(writers.submit(() -> {
                go.await();
                long last = 0;
                for (int n = 0; n < 10; n++) {
                    try {
                        last = LeaderFence.call(old, () -> Fixtures.append(store, "w" + writer).seq());
                    } catch (StoreException e) {
                        if (e.code() != StoreException.Code.FENCED) {
                            throw e;
                        }
                    }
                }
                return last;
            }));
        }
        go.countDown();
        Thread.sleep(20);
        leases.take("manager-b", T1);
        long headAtTakeOver = store.logHead();
        writers.shutdown();
        assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        for (Future<Long> r : results) {
            assertThat(r.get()).isLessThanOrEqualTo(headAtTakeOver);
        }
        assertThat(store.logHead()).isEqualTo(headAtTakeOver);
    }
}
