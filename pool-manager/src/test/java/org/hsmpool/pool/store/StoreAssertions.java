package org.hsmpool.pool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on store failures: the code is the contract, the message is for people. */
final class StoreAssertions {

    private StoreAssertions() {
    }

    static StoreException assertFailsWith(StoreException.Code code, ThrowingCallable call) {
        StoreException e = catchThrowableOfType(StoreException.class, call);
        assertThat(e).as("expected a StoreException " + code).isNotNull();
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        return e;
    }

    /** Field-by-field equality, the sealed bytes included (records compare arrays by identity). */
    static void assertSameVersion(KeyVersion actual, KeyVersion expected) {
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
        assertThat(actual.sealedKey()).isEqualTo(expected.sealedKey());
    }
}
