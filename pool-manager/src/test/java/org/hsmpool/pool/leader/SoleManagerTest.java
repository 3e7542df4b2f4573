package org.hsmpool.pool.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;

import org.hsmpool.pool.store.AuditHead;
import org.hsmpool.pool.store.JdbcPoolStore;
import org.hsmpool.pool.store.StoreException;
import org.hsmpool.pool.store.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one manager of a SQLite store leads from its start; one started after it on the same file fences it. */
class SoleManagerTest {
    @TempDir
    Path dir;

    @Test
    void aManagerStartedLaterOnTheSameStoreFencesTheEarlierOne() {
        JdbcPoolStore store = JdbcPoolStore.open(TestDatabases.dataSource(dir.resolve("pool.db")));
        SoleManager earlier = new SoleManager(store.leases(), "earlier");
        assertThat(earlier.runAsLeader(() -> store.advanceAuditHead(0, new AuditHead(1, new byte[] {1})))).isTrue();

        SoleManager later = new SoleManager(store.leases(), "later");
        StoreException refused = catchThrowableOfType(StoreException.class,
                () -> earlier.runAsLeader(() -> store.advanceAuditHead(1, new AuditHead(2, new byte[] {2}))));

        assertThat(refused.code()).isEqualTo(StoreException.Code.FENCED);
        assertThat(later.epoch().getAsLong()).isEqualTo(earlier.epoch().getAsLong() + 1);
        assertThat(later.runAsLeader(() -> store.advanceAuditHead(1, new AuditHead(2, new byte[] {2})))).isTrue();
        assertThat(store.auditHead().seq()).isEqualTo(2);
    }
}
