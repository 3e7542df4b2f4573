package org.hsmpool.pool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.pool.store.StoreAssertions.assertFailsWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's part of full backup and restore (issue 17): contents read in one snapshot, a restore
 * in one transaction (all of it or, on any failure, nothing), its log entries without gaps, one job
 * at a time, jobs failed at start-up, settings. On SQLite and, in the PostgreSQL execution, there.
 */
class BackupStoreTest {
    @TempDir
    Path dir;
    PoolStore store;

    @BeforeEach
    void open() {
        store = Fixtures.open(dir.resolve("pool.db"));
    }

    @Test
    void aFullRestorePutsBackTheBackupsKeysRolesPrincipalsAndSettingsAndPurgesTheRest() {
        KeyVersion kept1 = Fixtures.append(store, "kept");
        KeyVersion kept2 = Fixtures.append(store, "kept");
        KeyVersion lost = Fixtures.append(store, "lost");
        store.putRotationPolicy("kept", "{\"lifetimeActions\":[]}", Fixtures.T0);
        store.createRoleAssignment(new RoleAssignment(guid(1), "/", "role", "alice"));
        store.createServicePrincipal(new ServicePrincipal(guid(2), guid(3), "app", "pbkdf2-sha256$1$a$b", Fixtures.T0));
        store.backups().putSetting("AllowKeyManagementOperationsThroughARM", "true");
        PoolContents backup = store.backups().contents();
        assertThat(backup.keys()).extracting(PoolContents.PoolKey::name).containsExactly("kept", "lost");
        assertThat(backup.versionCount()).isEqualTo(3);

        // after the backup: "lost" purged, "kept" changed and deleted, "new" made, RBAC and settings changed
        store.updateKeyProperties("kept", kept2.versionId(), new KeyProperties(false, null, null, List.of("sign"),
                Map.of("t", "v")), Fixtures.T0.plusSeconds(5), Fixtures.NO_PAYLOAD);
        store.deleteKey("kept", Fixtures.T0, Fixtures.T0.plus(Duration.ofDays(7)), "r", Fixtures.NO_PAYLOAD);
        store.deleteKey("lost", Fixtures.T0, Fixtures.T0.plus(Duration.ofDays(7)), "r", Fixtures.NO_PAYLOAD);
        store.purgeKey("lost", Fixtures.NO_PAYLOAD);
        KeyVersion extra = Fixtures.append(store, "new");
        store.deleteRoleAssignment(guid(1));
        store.createRoleAssignment(new RoleAssignment(guid(4), "/", "role", "mallory"));
        store.deleteServicePrincipal(guid(2));
        store.backups().putSetting("AllowKeyManagementOperationsThroughARM", "false");
        assertThat(store.wasPurged(lost.versionId())).isTrue();
        long before = store.logHead();

        long head = store.backups().restore(backup, Optional.empty());

        assertThat(store.latestVersion("kept")).hasValueSatisfying(v -> {
            assertThat(v.versionId()).isEqualTo(kept2.versionId());
            assertThat(v.properties()).isEqualTo(kept2.properties());
        });
        assertThat(store.keyVersion("kept", kept1.versionId())).isPresent();
        assertThat(store.deletedKey("kept")).isEmpty();
        assertThat(store.rotationPolicy("kept")).isPresent();
        assertThat(store.latestVersion("lost")).hasValueSatisfying(v -> assertThat(v.versionId()).isEqualTo(lost.versionId()));
        assertThat(store.wasPurged(lost.versionId())).isFalse();
        assertThat(store.latestVersion("new")).isEmpty();
        assertThat(store.deletedKey("new")).isEmpty();
        assertThat(store.wasPurged(extra.versionId())).isTrue();
        assertThat(store.roleAssignment(guid(1))).isPresent();
        assertThat(store.roleAssignment(guid(4))).isEmpty();
        assertThat(store.servicePrincipal(guid(2))).isPresent();
        assertThat(store.backups().settings()).containsEntry("AllowKeyManagementOperationsThroughARM", "true");
        // nodes follow through the log: the restored version created again, the extra one purged, no gap
        List<LogEntry> entries = store.readLog(before, 100);
        assertThat(entries).extracting(LogEntry::seq).containsExactlyElementsOf(range(before + 1, head));
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(LogKind.KEY_VERSION_CREATED);
            assertThat(e.versionId()).isEqualTo(lost.versionId());
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(LogKind.KEY_PURGED);
            assertThat(e.versionId()).isEqualTo(extra.versionId());
        });
        assertThat(store.backups().contents()).isEqualTo(backup);
    }

    @Test
    void aRestoreThatFailsHalfWayChangesNothing() {
        Fixtures.append(store, "a");
        KeyVersion b = Fixtures.append(store, "b");
        store.createRoleAssignment(new RoleAssignment(guid(1), "/", "role", "alice"));
        PoolContents backup = store.backups().contents();
        // the pool moves on: b gets another version under its name, and b's old version id is held by c
        store.deleteKey("b", Fixtures.T0, Fixtures.T0.plus(Duration.ofDays(7)), "r", Fixtures.NO_PAYLOAD);
        store.purgeKey("b", Fixtures.NO_PAYLOAD);
        store.forgetPurge(b.versionId());
        store.appendKeyVersion(Fixtures.version("c", b.versionId(), Fixtures.SIGNING), Fixtures.NO_PAYLOAD);
        Fixtures.append(store, "b");
        Fixtures.append(store, "d");
        PoolContents now = store.backups().contents();
        long head = store.logHead();

        // a selective restore of b purges b's new version, then meets c's: nothing happened
        assertFailsWith(StoreException.Code.CONFLICT, () -> store.backups().restore(backup, Optional.of("b")));
        assertThat(store.backups().contents()).isEqualTo(now);
        assertThat(store.logHead()).isEqualTo(head);

        // a full restore whose last write fails (the same role twice for one principal at one scope)
        List<RoleAssignment> twice = new ArrayList<>(backup.roleAssignments());
        twice.add(new RoleAssignment(guid(2), "/", "role", "alice"));
        PoolContents broken = new PoolContents(backup.keys(), backup.roleDefinitions(), twice, backup.principals(),
                backup.settings());
        StoreException e = org.assertj.core.api.Assertions.catchThrowableOfType(StoreException.class,
                () -> store.backups().restore(broken, Optional.empty()));
        assertThat(e).isNotNull();
        assertThat(store.backups().contents()).isEqualTo(now);
        assertThat(store.logHead()).isEqualTo(head);
        assertThat(store.wasPurged(b.versionId())).isFalse();
    }

    @Test
    void aSelectiveRestoreTouchesOnlyItsKeyAndARestoreThatChangesNothingLeavesNoGap() {
        KeyVersion one = Fixtures.append(store, "one");
        Fixtures.append(store, "two");
        PoolContents backup = store.backups().contents();
        store.deleteKey("one", Fixtures.T0, Fixtures.T0.plus(Duration.ofDays(7)), "r", Fixtures.NO_PAYLOAD);
        store.purgeKey("one", Fixtures.NO_PAYLOAD);
        store.deleteKey("two", Fixtures.T0, Fixtures.T0.plus(Duration.ofDays(7)), "r", Fixtures.NO_PAYLOAD);
        store.createRoleAssignment(new RoleAssignment(guid(9), "/", "role", "bob"));

        store.backups().restore(backup, Optional.of("one"));

        assertThat(store.latestVersion("one")).hasValueSatisfying(v -> assertThat(v.versionId()).isEqualTo(one.versionId()));
        assertThat(store.deletedKey("two")).isPresent();
        assertThat(store.roleAssignment(guid(9))).isPresent();
        assertFailsWith(StoreException.Code.NOT_FOUND, () -> store.backups().restore(backup, Optional.of("three")));

        PoolContents empty = new PoolContents(List.of(), List.of(), List.of(), List.of(), Map.of());
        PoolStore fresh = Fixtures.open(dir.resolve("empty.db"));
        long head = fresh.logHead();
        fresh.backups().restore(empty, Optional.empty());
        assertThat(fresh.logHead()).isEqualTo(head);
        Fixtures.append(fresh, "after");
        assertThat(fresh.readLog(head, 10)).extracting(LogEntry::seq).containsExactly(head + 1);
    }

    @Test
    void oneJobRunsAtATimeAndAManagerThatStartsFailsTheJobsLeftRunning() {
        BackupJob first = BackupJob.started(Fixtures.hex32(), BackupJob.Kind.BACKUP, "https://a/c/f", null, Fixtures.T0);
        store.backups().startJob(first);
        assertFailsWith(StoreException.Code.CONFLICT, () -> store.backups().startJob(BackupJob.started(
                Fixtures.hex32(), BackupJob.Kind.RESTORE, "https://a/c/f", null, Fixtures.T0)));
        BackupJob done = store.backups().finishJob(first.finished(BackupJob.Status.Succeeded, "ok", null, null,
                Fixtures.T0.plusSeconds(1)));
        assertThat(store.backups().job(first.jobId())).contains(done);
        assertFailsWith(StoreException.Code.STATE_MISMATCH, () -> store.backups().finishJob(done));

        BackupJob second = store.backups().startJob(BackupJob.started(Fixtures.hex32(), BackupJob.Kind.KEY_RESTORE,
                "file:///b", "k1", Fixtures.T0.plusSeconds(2)));
        assertThat(store.backups().failRunningJobs("restarted", Fixtures.T0.plusSeconds(3))).isEqualTo(1);
        assertThat(store.backups().job(second.jobId())).hasValueSatisfying(j -> {
            assertThat(j.status()).isEqualTo(BackupJob.Status.Failed);
            assertThat(j.errorCode()).isEqualTo("JobInterrupted");
            assertThat(j.ended()).isEqualTo(Fixtures.T0.plusSeconds(3));
        });
        assertThat(store.backups().recentJobs(10)).extracting(BackupJob::jobId).containsExactly(second.jobId(),
                first.jobId());
    }

    private static String guid(int n) {
        return String.format("00000000-0000-0000-0000-%012d", n);
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }
}
