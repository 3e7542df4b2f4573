package org.hsmpool.pool.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * (PostgreSQL only) A manager's read cache over a store that another manager writes: what the other
 * one changes is seen within the bound, through the notification, through the version check when the
 * notification never came, and after the feed's session was cut (reading through meanwhile).
 */
class ChangeFeedTest {
    private static final Duration CHECK = Duration.ofMillis(250);
    private static final Duration TRUST = Duration.ofMillis(750);
    private static final Duration BOUND = Duration.ofSeconds(1);

    @TempDir
    Path dir;
    private DataSource database;
    private JdbcPoolStore mine;
    private JdbcPoolStore theirs;

    @BeforeEach
    void open() {
        Assumptions.assumeTrue("postgresql".equals(System.getProperty(TestDatabases.BACKEND)),
                "notifications between managers exist on PostgreSQL only");
        database = TestDatabases.dataSource(dir.resolve("pool.db"));
        mine = Fixtures.open(dir.resolve("pool.db"));
        theirs = Fixtures.open(dir.resolve("pool.db"));
        mine.createPool(Fixtures.hex32(), "pool", Fixtures.T0);
    }

    @Test
    void whatAnotherManagerChangesIsSeenWithinASecondWithOrWithoutItsNotification() throws Exception {
        CachingPoolStore cache = CachingPoolStore.shared(mine);
        KeyVersion key = Fixtures.append(theirs, "shared-key");
        try (ChangeFeed feed = ChangeFeed.start(database, cache, CHECK, TRUST)) {
            awaitKept(cache, key);

            // through the other store: notified at its commit
            theirs.updateKeyProperties("shared-key", key.versionId(), disabled(), Fixtures.T0, Fixtures.NO_PAYLOAD);
            assertSeenWithin(() -> !cache.latestVersion("shared-key").orElseThrow().properties().enabled(),
                    "a key disabled through another manager");
            theirs.createRoleAssignment(new RoleAssignment(java.util.UUID.randomUUID().toString(), "/",
                    "21dbd100-6940-42c2-9190-5d6cb909625b", "app"));
            assertThat(cache.roleAssignmentsOf("app")).hasSize(1);
            awaitKeptAssignments(cache);
            theirs.deleteRoleAssignment(theirs.roleAssignmentsOf("app").get(0).id());
            assertSeenWithin(() -> cache.roleAssignmentsOf("app").isEmpty(), "a role assignment removed elsewhere");

            // a change whose notification was lost: only the version tells
            awaitKept(cache, cache.latestVersion("shared-key").orElseThrow());
            try (var c = database.getConnection(); var s = c.createStatement()) {
                s.executeUpdate("UPDATE key_versions SET enabled = TRUE");
                s.executeUpdate("UPDATE store_changes SET version = version + 1");
            }
            assertSeenWithin(() -> cache.latestVersion("shared-key").orElseThrow().properties().enabled(),
                    "a change without a notification");

            // the feed's session cut: nothing kept is served, and after its reconnect it keeps again
            try (var c = database.getConnection(); var s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%store_changes%'"
                        + " AND pid <> pg_backend_pid() AND datname = current_database()");
            }
            theirs.deleteKey("shared-key", Fixtures.T0, Fixtures.T0.plusSeconds(3600), "r", Fixtures.NO_PAYLOAD);
            assertSeenWithin(() -> cache.latestVersion("shared-key").isEmpty(), "a key deleted while the feed reconnects");
            theirs.recoverKey("shared-key", Fixtures.NO_PAYLOAD);
            assertSeenWithin(() -> cache.latestVersion("shared-key").isPresent(), "the key recovered");
            awaitKept(cache, cache.latestVersion("shared-key").orElseThrow());
        }
    }

    /** Until the cache serves {@code key} from memory (a read that changes nothing in the store is kept). */
    private static void awaitKept(CachingPoolStore cache, KeyVersion key) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            KeyVersion first = cache.latestVersion(key.name()).orElseThrow();
            if (first == cache.latestVersion(key.name()).orElseThrow()) {
                return; // the same object twice: kept
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the cache never kept " + key.name());
    }

    private static void awaitKeptAssignments(CachingPoolStore cache) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            List<RoleAssignment> first = cache.roleAssignmentsOf("app");
            if (first == cache.roleAssignmentsOf("app")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the cache never kept the assignments");
    }

    private static void assertSeenWithin(BooleanSupplier seen, String what) throws InterruptedException {
        long start = System.nanoTime();
        while (!seen.getAsBoolean()) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(what).isLessThan(BOUND);
            Thread.sleep(10);
        }
    }

    private static KeyProperties disabled() {
        return new KeyProperties(false, null, null, List.of("sign", "verify"), Map.of());
    }
}
