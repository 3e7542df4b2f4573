package org.hsmpool.pool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.pool.store.StoreAssertions.assertFailsWith;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotationPolicyStoreTest {
    private static final String POLICY = "{\"lifetimeActions\":[]}";

    @TempDir
    Path dir;
    PoolStore store;

    @BeforeEach
    void open() {
        store = Fixtures.open(dir.resolve("pool.db"));
        Fixtures.append(store, "rotating");
        Fixtures.append(store, "plain");
    }

    @Test
    void aPolicyIsStoredReplacedAndKeepsItsCreationTime() {
        assertThat(store.rotationPolicy("rotating")).isEmpty();
        KeyRotationPolicy first = store.putRotationPolicy("rotating", POLICY, Fixtures.T0);
        assertThat(first.created()).isEqualTo(Fixtures.T0);
        KeyRotationPolicy second = store.putRotationPolicy("rotating", "{\"x\":1}", Fixtures.T0.plusSeconds(5));
        assertThat(second.policyJson()).isEqualTo("{\"x\":1}");
        assertThat(second.created()).isEqualTo(Fixtures.T0);
        assertThat(second.updated()).isEqualTo(Fixtures.T0.plusSeconds(5));
        assertThat(store.rotationPolicies()).extracting(KeyRotationPolicy::name).containsExactly("rotating");
    }

    @Test
    void deletedKeysHaveNoPolicyInViewAndPurgeRemovesIt() {
        store.putRotationPolicy("rotating", POLICY, Fixtures.T0);
        store.deleteKey("rotating", Fixtures.T0, Fixtures.T0.plus(Duration.ofDays(7)), "r", Fixtures.NO_PAYLOAD);
        assertThat(store.rotationPolicies()).isEmpty();
        assertThat(store.rotationPolicy("rotating")).isEmpty();
        assertFailsWith(StoreException.Code.NOT_FOUND, () -> store.putRotationPolicy("rotating", POLICY, Fixtures.T0));

        store.recoverKey("rotating", Fixtures.NO_PAYLOAD);
        assertThat(store.rotationPolicy("rotating")).isPresent();
        store.deleteKey("rotating", Fixtures.T0, Fixtures.T0.plus(Duration.ofDays(7)), "r", Fixtures.NO_PAYLOAD);
        store.purgeKey("rotating", Fixtures.NO_PAYLOAD);
        Fixtures.append(store, "rotating");
        assertThat(store.rotationPolicy("rotating")).as("a new key of the same name starts without a policy").isEmpty();
    }

    @Test
    void unknownNamesAndBadPoliciesAreRefused() {
        assertFailsWith(StoreException.Code.NOT_FOUND, () -> store.putRotationPolicy("nobody", POLICY, Fixtures.T0));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.putRotationPolicy("plain", "", Fixtures.T0));
    }
}
