package org.hsmpool.pool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.pool.store.StoreAssertions.assertFailsWith;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Security-domain drills: recorded per domain, read back oldest first, bad values refused. */
class DrillStoreTest {
    private static final String ADMIN_A = "dhY8ZZMwblHOquw_aooumvRvXWq4Ae0voURiIGSuJRQ";
    private static final String ADMIN_B = "WO27AParRKW5INv2aEKUVQTJrg9-gPi0pvFzQD2ebCA";

    @TempDir
    Path dir;
    PoolStore store;

    @BeforeEach
    void open() {
        store = Fixtures.open(dir.resolve("pool.db"));
    }

    @Test
    void drillsAreRecordedPerDomainAndReadOldestFirst() {
        String domain = Fixtures.hex32();
        String other = Fixtures.hex32();
        Drill later = new Drill(domain, ADMIN_A, 1, "operator", Fixtures.T0.plusSeconds(60));
        Drill earlier = new Drill(domain, ADMIN_B, 2, "alice-admin", Fixtures.T0);
        store.recordDrill(later);
        store.recordDrill(earlier);
        store.recordDrill(new Drill(other, ADMIN_A, 1, "operator", Fixtures.T0));

        assertThat(store.drills(domain)).containsExactly(earlier, later);
        assertThat(store.drills(Fixtures.hex32())).isEmpty();
    }

    @Test
    void badValuesAreRefused() {
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.drills("not-a-domain"));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> new Drill(Fixtures.hex32(), ADMIN_A, 0, "op",
                Fixtures.T0));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> new Drill(Fixtures.hex32(), "", 1, "op", Fixtures.T0));
    }
}
