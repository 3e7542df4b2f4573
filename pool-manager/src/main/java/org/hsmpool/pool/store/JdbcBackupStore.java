package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link BackupStore} over JDBC; the restore's key writes keep the log rules of {@link JdbcKeyStore}. */
final class JdbcBackupStore implements BackupStore {
    private static final String JOB_COLUMNS = "job_id, kind, status, status_details, error_code, error_message, "
            + "location, key_name, started_ms, ended_ms";
    private static final byte[] NO_PAYLOAD = new byte[0];

    private final Transactions tx;
    private final Clock clock;

    JdbcBackupStore(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    // ---- contents

    @Override
    public PoolContents contents() {
        return tx.read("read the pool's contents", c -> {
            List<PoolContents.PoolKey> keys = new ArrayList<>();
            List<String> names = Rows.list(c, "SELECT name FROM keys WHERE name NOT LIKE '"
                    + PoolStore.INTERNAL_KEY_PREFIX + "%' ORDER BY name", row -> row.getString(1));
            for (String name : names) {
                keys.add(key(c, name));
            }
            List<RoleAssignment> assignments = Rows.list(c, "SELECT id, scope, role_definition_id, principal_id "
                    + "FROM role_assignments ORDER BY id", row -> new RoleAssignment(row.getString(1),
                            row.getString(2), row.getString(3), row.getString(4)));
            List<ServicePrincipal> principals = Rows.list(c, "SELECT client_id, object_id, display_name, secret_hash, "
                    + "created_ms FROM service_principals ORDER BY client_id", row -> new ServicePrincipal(
                            row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                            Instant.ofEpochMilli(row.getLong(5))));
            return new PoolContents(keys, RoleRows.definitions(c), assignments, principals, settings(c));
        });
    }

    private static PoolContents.PoolKey key(Connection c, String name) throws SQLException {
        List<NewKeyVersion> versions = new ArrayList<>();
        for (String id : KeyRows.versionIds(c, name)) {
            versions.add(KeyRows.byId(c, id).orElseThrow().content());
        }
        PoolContents.Deletion deletion = DeletedKeyRows.find(c, name)
                .map(d -> new PoolContents.Deletion(d.deletedAt(), d.scheduledPurgeAt(), d.recoveryId())).orElse(null);
        KeyRotationPolicy policy = RotationPolicyRows.find(c, name).orElse(null);
        return new PoolContents.PoolKey(name, versions, deletion, policy);
    }

    // ---- restore

    @Override
    public long restore(PoolContents contents, Optional<String> onlyKey) {
        Arguments.present(contents, "the contents");
        onlyKey.ifPresent(Arguments::keyName);
        // keys and (a full restore) RBAC change: every manager's cache must forget them (ChangeFeed)
        return tx.write("restore the pool's contents", List.of(StoreChange.KEYS, StoreChange.RBAC), c -> {
            Log log = new Log(c, clock.instant());
            Map<String, PoolContents.PoolKey> wanted = new LinkedHashMap<>();
            for (PoolContents.PoolKey k : contents.keys()) {
                if (onlyKey.isEmpty() || onlyKey.get().equals(k.name())) {
                    wanted.put(k.name(), k);
                }
            }
            if (onlyKey.isPresent() && wanted.isEmpty()) {
                throw StoreException.notFound("the backup holds no key " + onlyKey.get());
            }
            Set<String> present = new LinkedHashSet<>(onlyKey.isPresent() ? List.of(onlyKey.get())
                    : Rows.list(c, "SELECT name FROM keys WHERE name NOT LIKE '" + PoolStore.INTERNAL_KEY_PREFIX
                            + "%' ORDER BY name", row -> row.getString(1)));
            for (String name : present) {
                if (KeyRows.nameExists(c, name) && !sameVersions(c, wanted.get(name))) {
                    purge(c, log, name);
                }
            }
            for (PoolContents.PoolKey k : wanted.values()) {
                put(c, log, k);
            }
            if (onlyKey.isEmpty()) {
                replaceRbacPrincipalsAndSettings(c, contents);
            }
            return log.finish();
        });
    }

    /** Whether the name holds exactly the versions of {@code wanted} (by id, sealed bytes equal). */
    private static boolean sameVersions(Connection c, PoolContents.PoolKey wanted) throws SQLException {
        if (wanted == null) {
            return false;
        }
        List<String> ids = KeyRows.versionIds(c, wanted.name());
        if (ids.size() != wanted.versions().size()) {
            return false;
        }
        for (NewKeyVersion v : wanted.versions()) {
            Optional<KeyVersion> held = KeyRows.byId(c, v.versionId());
            if (held.isEmpty() || !held.get().name().equals(wanted.name())
                    || !java.util.Arrays.equals(held.get().sealedKey(), v.sealedKey())) {
                return false;
            }
        }
        return true;
    }

    private void purge(Connection c, Log log, String name) throws SQLException {
        List<String> ids = KeyRows.versionIds(c, name);
        RotationPolicyRows.delete(c, name);
        KeyRows.deleteName(c, name);
        for (String id : ids) {
            log.entry(LogKind.KEY_PURGED, name, id);
            if (!KeyRows.wasPurged(c, id)) {
                KeyRows.insertTombstone(c, id, name, log.time);
            }
        }
    }

    private void put(Connection c, Log log, PoolContents.PoolKey k) throws SQLException {
        String name = k.name();
        if (KeyRows.nameExists(c, name)) {
            // the same versions: the backup's properties and state
            for (NewKeyVersion v : k.versions()) {
                KeyRows.updateProperties(c, name, v.versionId(), v.properties(), v.updated());
                log.entry(LogKind.KEY_ATTRIBUTES_UPDATED, name, v.versionId());
            }
            boolean deleted = DeletedKeyRows.isDeleted(c, name);
            if (deleted && k.deletion() == null) {
                DeletedKeyRows.delete(c, name);
                log.entry(LogKind.KEY_RECOVERED, name, null);
            } else if (!deleted && k.deletion() != null) {
                insertDeletion(c, log, name, k.deletion());
            }
        } else {
            KeyRows.insertName(c, name, k.versions().get(0).created());
            for (NewKeyVersion v : k.versions()) {
                Optional<String> owner = KeyRows.ownerOf(c, v.versionId());
                if (owner.isPresent()) {
                    throw StoreException.conflict("key version " + v.versionId() + " of " + name
                            + " is held by key " + owner.get() + " in this pool");
                }
                Rows.update(c, "DELETE FROM purged_versions WHERE version_id = ?", v.versionId());
                KeyRows.insertVersion(c, v, log.entry(LogKind.KEY_VERSION_CREATED, name, v.versionId()));
            }
            if (k.deletion() != null) {
                insertDeletion(c, log, name, k.deletion());
            }
        }
        RotationPolicyRows.delete(c, name);
        if (k.rotationPolicy() != null) {
            Rows.update(c, "INSERT INTO key_rotation_policies (key_name, policy_json, created_ms, updated_ms) "
                    + "VALUES (?, ?, ?, ?)", name, k.rotationPolicy().policyJson(), k.rotationPolicy().created(),
                    k.rotationPolicy().updated());
        }
    }

    private static void insertDeletion(Connection c, Log log, String name, PoolContents.Deletion d) throws SQLException {
        DeletedKeyRows.insert(c, name, d.deletedAt(), d.scheduledPurgeAt(), d.recoveryId());
        log.entry(LogKind.KEY_DELETED, name, null);
    }

    private static void replaceRbacPrincipalsAndSettings(Connection c, PoolContents contents) throws SQLException {
        Rows.update(c, "DELETE FROM role_assignments");
        Rows.update(c, "DELETE FROM role_definition_scopes");
        Rows.update(c, "DELETE FROM role_definitions");
        for (RoleDefinition d : contents.roleDefinitions()) {
            RoleRows.putDefinition(c, d);
        }
        for (RoleAssignment a : contents.roleAssignments()) {
            RoleRows.insertAssignment(c, a);
        }
        Rows.update(c, "DELETE FROM service_principals");
        for (ServicePrincipal p : contents.principals()) {
            ServicePrincipalRows.insert(c, p);
        }
        Rows.update(c, "DELETE FROM pool_settings");
        for (var s : contents.settings().entrySet()) {
            putSetting(c, s.getKey(), s.getValue());
        }
    }

    /**
     * The restore's log entries. The transaction's first statement takes the log head's lock (rule 3
     * of docs/store.md); a restore that changed no key gives its number back, so the log stays gap-free.
     */
    private static final class Log {
        private final Connection c;
        private final Instant time;
        private long reserved;
        private boolean used;

        Log(Connection c, Instant time) throws SQLException {
            this.c = c;
            this.time = time;
            this.reserved = LogRows.next(c);
        }

        long entry(LogKind kind, String name, String versionId) throws SQLException {
            if (used) {
                reserved = LogRows.next(c);
            }
            used = true;
            LogRows.append(c, reserved, kind, name, versionId, NO_PAYLOAD, time);
            return reserved;
        }

        long finish() throws SQLException {
            if (!used) {
                Rows.update(c, "UPDATE replication_log_head SET last_seq = last_seq - 1 WHERE id = 1");
            }
            return LogRows.head(c);
        }
    }

    // ---- jobs

    @Override
    public BackupJob startJob(BackupJob job) {
        Arguments.present(job, "the job");
        return tx.write("start a backup job", c -> {
            Optional<BackupJob> running = Rows.first(c, "SELECT " + JOB_COLUMNS + " FROM backup_jobs WHERE status = ?",
                    JdbcBackupStore::job, BackupJob.Status.InProgress);
            if (running.isPresent()) {
                throw StoreException.conflict("job " + running.get().jobId() + " (" + running.get().kind()
                        + ") is in progress: one backup or restore at a time");
            }
            Rows.update(c, "INSERT INTO backup_jobs (" + JOB_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    job.jobId(), job.kind(), job.status(), Rows.text(job.statusDetails()), Rows.text(job.errorCode()),
                    Rows.text(job.errorMessage()), job.location(), Rows.text(job.keyName()), job.started(),
                    Rows.millis(job.ended()));
            return job;
        });
    }

    @Override
    public BackupJob finishJob(BackupJob finished) {
        Arguments.present(finished, "the job");
        return tx.write("finish a backup job", c -> {
            int n = Rows.update(c, "UPDATE backup_jobs SET status = ?, status_details = ?, error_code = ?, "
                    + "error_message = ?, ended_ms = ? WHERE job_id = ? AND status = ?", finished.status(),
                    Rows.text(finished.statusDetails()), Rows.text(finished.errorCode()),
                    Rows.text(finished.errorMessage()), Rows.millis(finished.ended()), finished.jobId(),
                    BackupJob.Status.InProgress);
            if (n != 1) {
                throw new StoreException(StoreException.Code.STATE_MISMATCH, "job " + finished.jobId()
                        + " is not running");
            }
            return finished;
        });
    }

    @Override
    public Optional<BackupJob> job(String jobId) {
        Arguments.hex32(jobId, "a job id");
        return tx.read("read a backup job", c -> Rows.first(c, "SELECT " + JOB_COLUMNS
                + " FROM backup_jobs WHERE job_id = ?", JdbcBackupStore::job, jobId));
    }

    @Override
    public List<BackupJob> recentJobs(int limit) {
        if (limit < 1 || limit > 100) {
            throw StoreException.invalid("a job listing holds 1 to 100 jobs");
        }
        return tx.read("list backup jobs", c -> Rows.list(c, "SELECT " + JOB_COLUMNS
                + " FROM backup_jobs ORDER BY started_ms DESC, job_id LIMIT ?", JdbcBackupStore::job, limit));
    }

    @Override
    public int failRunningJobs(String reason, Instant at) {
        Arguments.text(reason, "a reason", 1024);
        Instant when = Arguments.time(at, "the time");
        return tx.write("fail running backup jobs", c -> Rows.update(c, "UPDATE backup_jobs SET status = ?, "
                + "error_code = ?, error_message = ?, ended_ms = ? WHERE status = ?", BackupJob.Status.Failed,
                "JobInterrupted", reason, when, BackupJob.Status.InProgress));
    }

    private static BackupJob job(ResultSet row) throws SQLException {
        return new BackupJob(row.getString("job_id"), BackupJob.Kind.valueOf(row.getString("kind")),
                BackupJob.Status.valueOf(row.getString("status")), row.getString("status_details"),
                row.getString("error_code"), row.getString("error_message"), row.getString("location"),
                row.getString("key_name"), Rows.instant(row, "started_ms"), Rows.instant(row, "ended_ms"));
    }

    // ---- settings

    @Override
    public Map<String, String> settings() {
        return tx.read("read the settings", JdbcBackupStore::settings);
    }

    private static Map<String, String> settings(Connection c) throws SQLException {
        Map<String, String> settings = new HashMap<>();
        for (String[] row : Rows.list(c, "SELECT name, value FROM pool_settings ORDER BY name",
                r -> new String[] {r.getString(1), r.getString(2)})) {
            settings.put(row[0], row[1]);
        }
        return settings;
    }

    @Override
    public void putSetting(String name, String value) {
        Arguments.text(name, "a setting name", 128);
        Arguments.text(value, "a setting value", 256);
        tx.write("store a setting", c -> {
            putSetting(c, name, value);
            return null;
        });
    }

    private static void putSetting(Connection c, String name, String value) throws SQLException {
        Rows.update(c, "DELETE FROM pool_settings WHERE name = ?", name);
        Rows.update(c, "INSERT INTO pool_settings (name, value) VALUES (?, ?)", name, value);
    }
}
