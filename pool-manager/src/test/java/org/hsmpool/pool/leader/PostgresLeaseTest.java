package org.hsmpool.pool.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.hsmpool.pool.store.JdbcPoolStore;
import org.hsmpool.pool.store.LeaderFence;
import org.hsmpool.pool.store.StoreException;
import org.hsmpool.pool.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two leases on one real PostgreSQL store (the managers of one pool, here in one JVM): one leads at
 * a time, the other takes over when the leader's lock session ends, and the old leader's writes are
 * then refused. Runs in the surefire execution {@code store-on-postgresql}; the process-level test
 * with SIGSTOP is {@code PostgresPoolIT}.
 */
class PostgresLeaseTest {
    private static final Duration LEASE = Duration.ofSeconds(1);

    @TempDir
    Path dir;
    private DataSource database;
    private JdbcPoolStore store;
    private PostgresLease a;
    private PostgresLease b;

    @BeforeEach
    void open() {
        Assumptions.assumeTrue("postgresql".equals(System.getProperty("hsmpool.store.backend")),
                "runs in the surefire execution store-on-postgresql");
        database = TestDatabases.dataSource(dir.resolve("pool.db"));
        store = JdbcPoolStore.open(database);
        a = new PostgresLease(database, store.leases(), 42, "manager-a", LEASE);
        b = new PostgresLease(database, store.leases(), 42, "manager-b", LEASE);
    }

    @AfterEach
    void close() {
        if (a != null) {
            a.close();
            b.close();
        }
    }

    @Test
    void oneLeadsAndTheOtherTakesOverWhenItStops() throws Exception {
        a.start();
        await(() -> a.epoch().isPresent(), "a leads");
        b.start();
        Thread.sleep(LEASE.toMillis() * 2);
        assertThat(b.epoch()).as("b waits while a renews").isEmpty();
        long first = a.epoch().getAsLong();

        a.close();
        await(() -> b.epoch().isPresent(), "b takes over once a's session is gone");
        assertThat(b.epoch().getAsLong()).isGreaterThan(first);
        assertThat(store.leases().current().holder()).isEqualTo("manager-b");
    }

    @Test
    void aLeaderWhoseSessionTheServerEndedIsFencedAndStepsDown() throws Exception {
        a.start();
        await(() -> a.epoch().isPresent(), "a leads");
        long old = a.epoch().getAsLong();
        b.start();

        // what idle_session_timeout does to a paused leader, without waiting for a pause
        try (var c = database.getConnection(); var s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE application_name = 'hsmpool leader lease' AND pid IN "
                    + "(SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)");
        }
        await(() -> b.epoch().isPresent(), "b takes over");
        await(() -> a.epoch().isEmpty(), "a steps down");

        StoreException refused = catchThrowableOfType(StoreException.class,
                () -> LeaderFence.run(old, () -> store.leases().renew(old, Instant.now())));
        assertThat(refused.code()).isEqualTo(StoreException.Code.FENCED);
        assertThat(b.epoch()).isEqualTo(OptionalLong.of(store.leases().current().epoch()));
    }

    @Test
    void theLockIsHeldOnASessionOfItsOwn() throws Exception {
        a.start();
        await(() -> a.epoch().isPresent(), "a leads");
        try (var c = database.getConnection(); var s = c.createStatement();
                var row = s.executeQuery("SELECT a.application_name, a.state FROM pg_locks l JOIN pg_stat_activity a "
                        + "ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("hsmpool leader lease");
            assertThat(row.next()).as("one advisory lock only").isFalse();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant until = Instant.now().plus(LEASE.multipliedBy(10));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("not within " + LEASE.multipliedBy(10) + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
