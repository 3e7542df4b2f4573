package org.hsmpool.pool.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Helpers of the api tests: bodies from text, and the KeyVaultException a bad input must give. */
final class Requests {
    private Requests() {
    }

    static JsonBody body(String json) {
        return JsonBody.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The KeyVaultException {@code call} throws; fails the test if it throws nothing or anything else. */
    static KeyVaultException rejected(ThrowingCallable call) {
        AtomicReference<KeyVaultException> thrown = new AtomicReference<>();
        assertThatThrownBy(call).isInstanceOfSatisfying(KeyVaultException.class, thrown::set);
        return thrown.get();
    }
}
