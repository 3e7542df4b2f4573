package org.hsmpool.pool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hsmpool.pool.store.StoreAssertions.assertFailsWith;
import static org.hsmpool.pool.store.StoreAssertions.assertSameVersion;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoftDeleteTest {
    private static final Instant DELETED = Fixtures.T0.plusSeconds(100);
    private static final Instant PURGE = DELETED.plus(Duration.ofDays(90));

    @TempDir
    Path dir;
    PoolStore store;
    KeyVersion v1;
    KeyVersion v2;

    @BeforeEach
    void open() {
        store = Fixtures.open(dir.resolve("pool.db"));
        v1 = Fixtures.append(store, "doomed");
        v2 = Fixtures.append(store, "doomed");
        Fixtures.append(store, "bystander");
    }

    @Test
    void deletingTakesEveryVersionOutOfTheLiveViewWithoutLosingThem() {
        long seq = store.deleteKey("doomed", DELETED, PURGE, "https://pool/deletedkeys/doomed", Fixtures.NO_PAYLOAD);

        assertThat(store.latestVersion("doomed")).isEmpty();
        assertThat(store.keyVersion("doomed", v1.versionId())).isEmpty();
        assertThat(store.listVersions("doomed", null, 25).items()).isEmpty();
        assertThat(store.listKeys(null, 25).items()).extracting(KeyVersion::name).containsExactly("bystander");
        assertThat(store.deletedKey("doomed")).hasValueSatisfying(d -> {
            assertThat(d.deletedAt()).isEqualTo(DELETED);
            assertThat(d.scheduledPurgeAt()).isEqualTo(PURGE);
            assertThat(d.recoveryId()).isEqualTo("https://pool/deletedkeys/doomed");
            assertSameVersion(d.latest(), v2);
        });
        // replication still sees them: a node must keep a deleted key, it may be recovered
        assertThat(store.versionById(v1.versionId())).hasValueSatisfying(v -> assertSameVersion(v, v1));
        assertThat(store.readLog(seq - 1, 10)).singleElement()
                .satisfies(e -> assertThat(e.kind()).isEqualTo(LogKind.KEY_DELETED));
    }

    @Test
    void aSnapshotOfSealedVersionsHoldsDeletedVersionsButNotPurgedOnesAndPagesByCreation() {
        KeyVersion kept = Fixtures.append(store, "kept");
        KeyVersion asleep = Fixtures.append(store, "asleep");
        store.deleteKey("asleep", DELETED, PURGE, "r", Fixtures.NO_PAYLOAD);
        store.deleteKey("doomed", DELETED, PURGE, "r", Fixtures.NO_PAYLOAD);
        store.purgeKey("doomed", Fixtures.NO_PAYLOAD);

        List<SealedVersion> all = store.sealedVersions(0, 1000);
        assertThat(all).extracting(SealedVersion::versionId).contains(kept.versionId(), asleep.versionId())
                .doesNotContain(v1.versionId(), v2.versionId()).hasSize(3);
        assertThat(all).extracting(SealedVersion::createdSeq).isSorted().doesNotHaveDuplicates();
        assertThat(all).filteredOn(v -> v.versionId().equals(kept.versionId())).singleElement()
                .satisfies(v -> assertThat(v.sealedKey()).isEqualTo(kept.sealedKey()));

        List<SealedVersion> first = store.sealedVersions(0, 2);
        List<SealedVersion> rest = store.sealedVersions(first.get(1).createdSeq(), 2);
        assertThat(first).hasSize(2);
        assertThat(rest).containsExactly(all.get(2));
        assertThat(store.sealedVersions(all.get(2).createdSeq(), 10)).isEmpty();
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.sealedVersions(0, 1001));
    }

    @Test
    void aDeletedNameCannotBeReusedUntilRecoveredOrPurged() {
        store.deleteKey("doomed", DELETED, PURGE, "r", Fixtures.NO_PAYLOAD);
        long head = store.logHead();

        assertFailsWith(StoreException.Code.NAME_DELETED, () -> Fixtures.append(store, "doomed"));

        assertThat(store.logHead()).isEqualTo(head);
        assertThat(store.deletedKey("doomed").orElseThrow().latest().versionId()).isEqualTo(v2.versionId());
    }

    @Test
    void recoveringBringsBackEveryVersion() {
        store.deleteKey("doomed", DELETED, PURGE, "r", Fixtures.NO_PAYLOAD);

        long seq = store.recoverKey("doomed", Fixtures.NO_PAYLOAD);

        assertThat(store.deletedKey("doomed")).isEmpty();
        assertThat(store.latestVersion("doomed")).hasValueSatisfying(v -> assertSameVersion(v, v2));
        assertThat(store.listVersions("doomed", null, 25).items()).extracting(KeyVersion::versionId)
                .containsExactly(v1.versionId(), v2.versionId());
        assertThat(store.readLog(seq - 1, 10)).extracting(LogEntry::kind).containsExactly(LogKind.KEY_RECOVERED);
        Fixtures.append(store, "doomed"); // the name is usable again
    }

    @Test
    void purgingRemovesEveryVersionForGoodAndLogsEachOne() {
        store.deleteKey("doomed", DELETED, PURGE, "r", Fixtures.NO_PAYLOAD);
        long before = store.logHead();

        long last = store.purgeKey("doomed", Fixtures.NO_PAYLOAD);

        assertThat(last).isEqualTo(before + 2);
        assertThat(store.readLog(before, 10)).extracting(LogEntry::kind, LogEntry::keyName, LogEntry::versionId)
                .containsExactly(
                        tuple(LogKind.KEY_PURGED, "doomed", v1.versionId()),
                        tuple(LogKind.KEY_PURGED, "doomed", v2.versionId()));
        assertThat(store.deletedKey("doomed")).isEmpty();
        assertThat(store.versionById(v1.versionId())).isEmpty();
        assertThat(store.versionById(v2.versionId())).isEmpty();
        assertThat(store.latestVersion("bystander")).isPresent();
        // the name is free again, and starts with a fresh history
        KeyVersion reborn = Fixtures.append(store, "doomed");
        assertThat(store.listVersions("doomed", null, 25).items()).extracting(KeyVersion::versionId)
                .containsExactly(reborn.versionId());
    }

    @Test
    void aPurgedVersionLeavesATombstoneThatRefusesItUntilLifted() {
        store.deleteKey("doomed", DELETED, PURGE, "r", Fixtures.NO_PAYLOAD);
        store.purgeKey("doomed", Fixtures.NO_PAYLOAD);
        assertThat(store.wasPurged(v1.versionId())).isTrue();
        assertThat(store.wasPurged(v2.versionId())).isTrue();
        NewKeyVersion again = new NewKeyVersion("doomed", v1.versionId(), v1.keyType(), v1.publicJwk(),
                v1.sealedKey(), v1.properties(), false, v1.created(), v1.updated());
        long head = store.logHead();
        assertFailsWith(StoreException.Code.PURGED, () -> store.appendKeyVersion(again, Fixtures.NO_PAYLOAD));
        assertThat(store.logHead()).as("a refused append writes nothing").isEqualTo(head);
        store.forgetPurge(v1.versionId());
        store.appendKeyVersion(again, Fixtures.NO_PAYLOAD);
        assertThat(store.versionById(v1.versionId())).isPresent();
        assertThat(store.wasPurged(v2.versionId())).isTrue();
        store.forgetPurge(v2.versionId());
        store.rememberPurge(v2.versionId(), "doomed");
        store.rememberPurge(v2.versionId(), "doomed");
        assertThat(store.wasPurged(v2.versionId())).as("a tombstone put back after a failed restore").isTrue();
    }

    @Test
    void onlyALiveKeyCanBeDeletedAndOnlyADeletedOneRecoveredOrPurged() {
        assertFailsWith(StoreException.Code.NOT_FOUND, () -> store.recoverKey("doomed", Fixtures.NO_PAYLOAD));
        assertFailsWith(StoreException.Code.NOT_FOUND, () -> store.purgeKey("doomed", Fixtures.NO_PAYLOAD));
        assertFailsWith(StoreException.Code.NOT_FOUND,
                () -> store.deleteKey("missing", DELETED, PURGE, "r", Fixtures.NO_PAYLOAD));

        store.deleteKey("doomed", DELETED, PURGE, "r", Fixtures.NO_PAYLOAD);
        long head = store.logHead();

        assertFailsWith(StoreException.Code.NOT_FOUND,
                () -> store.deleteKey("doomed", DELETED, PURGE, "r", Fixtures.NO_PAYLOAD));
        assertFailsWith(StoreException.Code.NOT_FOUND, () -> store.updateKeyProperties("doomed", v1.versionId(),
                Fixtures.SIGNING, DELETED, Fixtures.NO_PAYLOAD));
        assertThat(store.logHead()).isEqualTo(head);
    }

    @Test
    void aKeyCannotBeScheduledForPurgeBeforeItsDeletion() {
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT,
                () -> store.deleteKey("doomed", DELETED, DELETED.minusMillis(1), "r", Fixtures.NO_PAYLOAD));
        assertThat(store.latestVersion("doomed")).isPresent();
    }

    @Test
    void keysDueForPurgeAreThoseWhosePurgeTimeHasCome() {
        store.deleteKey("doomed", DELETED, DELETED.plusSeconds(10), "r1", Fixtures.NO_PAYLOAD);
        store.deleteKey("bystander", DELETED, DELETED.plusSeconds(5), "r2", Fixtures.NO_PAYLOAD);

        assertThat(store.deletedKeysDue(DELETED.plusSeconds(4), 100)).isEmpty();
        assertThat(store.deletedKeysDue(DELETED.plusSeconds(5), 100)).extracting(DeletedKey::name)
                .containsExactly("bystander");
        assertThat(store.deletedKeysDue(DELETED.plusSeconds(60), 100)).extracting(DeletedKey::name)
                .containsExactly("bystander", "doomed");
    }

    @Test
    void deletedKeysListByNameWithContinuation() {
        var names = IntStream.range(0, 30).mapToObj(i -> "gone-" + (char) ('a' + i / 26) + (char) ('a' + i % 26))
                .toList();
        for (String name : names) {
            Fixtures.append(store, name);
            store.deleteKey(name, DELETED, PURGE, "r-" + name, Fixtures.NO_PAYLOAD);
        }
        store.deleteKey("doomed", DELETED, PURGE, "r", Fixtures.NO_PAYLOAD);

        List<String> seen = new ArrayList<>();
        Page<DeletedKey> page = store.listDeletedKeys(null, 25);
        page.items().forEach(d -> seen.add(d.name()));
        assertThat(page.items()).hasSize(25);
        page = store.listDeletedKeys(page.continuation(), 25);
        page.items().forEach(d -> seen.add(d.name()));

        assertThat(page.continuation()).isNull();
        var expected = new ArrayList<>(names);
        expected.add(0, "doomed");
        assertThat(seen).containsExactlyElementsOf(expected);
    }
}
