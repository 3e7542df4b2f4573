package org.hsmpool.pool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.pool.store.StoreAssertions.assertFailsWith;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditHeadTest {
    @TempDir
    Path dir;

    @Test
    void theHeadMovesForwardByCompareAndSetAndSurvivesAReopen() {
        Path file = dir.resolve("pool.db");
        PoolStore store = Fixtures.open(file);
        assertThat(store.auditHead()).isEqualTo(AuditHead.EMPTY);

        var first = new AuditHead(1, new byte[] {1, 1, 1});
        var second = new AuditHead(2, new byte[] {2, 2, 2});
        store.advanceAuditHead(0, first);
        store.advanceAuditHead(1, second);

        assertFailsWith(StoreException.Code.STATE_MISMATCH, () -> store.advanceAuditHead(1, new AuditHead(2, new byte[] {9})));
        assertFailsWith(StoreException.Code.STATE_MISMATCH, () -> store.advanceAuditHead(0, new AuditHead(1, new byte[] {9})));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.advanceAuditHead(2, new AuditHead(2, new byte[] {9})));
        assertThat(Fixtures.open(file).auditHead()).isEqualTo(second);
    }
}
