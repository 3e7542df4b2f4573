package org.hsmpool.pool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.pool.store.StoreAssertions.assertFailsWith;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicationLogTest {
    @TempDir
    Path dir;
    PoolStore store;

    @BeforeEach
    void open() {
        store = Fixtures.open(dir.resolve("pool.db"));
    }

    @Test
    void anEmptyLogHasHeadZero() {
        assertThat(store.logHead()).isZero();
        assertThat(store.readLog(0, 10)).isEmpty();
    }

    @Test
    void everyKeyWriteAppendsItsEntriesInOrder() {
        NewKeyVersion v = Fixtures.version("k");
        long created = store.appendKeyVersion(v, new byte[] {1, 2, 3});
        long updated = store.updateKeyProperties("k", v.versionId(), Fixtures.SIGNING, Fixtures.T0, new byte[0]);
        long deleted = store.deleteKey("k", Fixtures.T0, Fixtures.T0, "r", new byte[0]);
        long recovered = store.recoverKey("k", new byte[0]);

        assertThat(List.of(created, updated, deleted, recovered)).containsExactly(1L, 2L, 3L, 4L);
        List<LogEntry> log = store.readLog(0, 100);
        assertThat(log).extracting(LogEntry::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(log).extracting(LogEntry::kind).containsExactly(LogKind.KEY_VERSION_CREATED,
                LogKind.KEY_ATTRIBUTES_UPDATED, LogKind.KEY_DELETED, LogKind.KEY_RECOVERED);
        assertThat(log).extracting(LogEntry::versionId).containsExactly(v.versionId(), v.versionId(), null, null);
        assertThat(log).allSatisfy(e -> {
            assertThat(e.keyName()).isEqualTo("k");
            assertThat(e.time()).isEqualTo(Fixtures.T0);
        });
        assertThat(log.get(0).payload()).containsExactly(1, 2, 3);
        assertThat(store.versionById(v.versionId()).orElseThrow().seq()).isEqualTo(created);
    }

    @ParameterizedTest(name = "after {0}, limit {1}")
    @CsvSource({"0, 3, 1, 3", "3, 3, 4, 6", "8, 5, 9, 10", "10, 5, 0, 0", "25, 1, 0, 0"})
    void readingStartsAfterAPositionAndStopsAtTheLimit(long after, int limit, long first, long last) {
        for (int i = 0; i < 10; i++) {
            Fixtures.append(store, "k" + i);
        }

        List<LogEntry> read = store.readLog(after, limit);

        if (first == 0) {
            assertThat(read).isEmpty();
        } else {
            assertThat(read).extracting(LogEntry::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(first, last).boxed().toList());
        }
    }

    @Test
    void aBadReadIsRefused() {
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.readLog(-1, 10));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.readLog(0, 0));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.readLog(0, 1001));
    }

    /**
     * Several writers and a tailing reader at once. The writers' numbers must be exactly 1..N; the
     * reader, which only ever asks for what follows the last entry it saw (as a catching-up node
     * does), must never see a gap: an entry becomes visible only after all smaller ones.
     */
    @Test
    void concurrentAppendsKeepAGapFreeStrictlyIncreasingSequence() throws Exception {
        int threads = 6;
        int perThread = 40;
        var executor = Executors.newFixedThreadPool(threads + 1);
        var start = new CountDownLatch(1);
        var writing = new AtomicBoolean(true);
        try {
            List<Future<List<Long>>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = "key-" + (t % 3); // two writers per name
                writers.add(executor.submit(() -> {
                    start.await();
                    var mine = new ArrayList<Long>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(Fixtures.append(store, name).seq());
                    }
                    return mine;
                }));
            }
            Future<List<Long>> reader = executor.submit(() -> {
                start.await();
                var seen = new ArrayList<Long>();
                long position = 0;
                while (writing.get() || position < store.logHead()) {
                    for (LogEntry e : store.readLog(position, 1000)) {
                        assertThat(e.seq()).as("entry after %d", position).isEqualTo(position + 1);
                        position = e.seq();
                        seen.add(position);
                    }
                }
                return seen;
            });
            start.countDown();

            var all = new ArrayList<Long>();
            for (var writer : writers) {
                List<Long> mine = writer.get(60, TimeUnit.SECONDS);
                assertThat(mine).isSorted().doesNotHaveDuplicates();
                all.addAll(mine);
            }
            writing.set(false);
            List<Long> seen = reader.get(60, TimeUnit.SECONDS);

            int total = threads * perThread;
            Collections.sort(all);
            var expected = LongStream.rangeClosed(1, total).boxed().toList();
            assertThat(all).containsExactlyElementsOf(expected);
            assertThat(seen).containsExactlyElementsOf(expected);
            assertThat(store.logHead()).isEqualTo(total);
            for (LogEntry e : store.readLog(0, 1000)) {
                assertThat(store.versionById(e.versionId())).as("version of entry %d", e.seq())
                        .hasValueSatisfying(v -> assertThat(v.seq()).isEqualTo(e.seq()));
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
