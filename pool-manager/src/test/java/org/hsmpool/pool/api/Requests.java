package org.hsmpool.pool.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import jakarta.validation.Validation;

/** Helpers of the api tests: bodies read from text as the resources read them, and the KeyVaultException a bad input must give. */
final class Requests {
    /** The reader the resources use, with Hibernate Validator outside Quarkus (no expression language needed). */
    static final RequestBodies BODIES = new RequestBodies(Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator());

    private Requests() {
    }

    static <T> T read(String json, Class<T> type) {
        return BODIES.read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    /** The KeyVaultException {@code call} throws; fails the test if it throws nothing or anything else. */
    static KeyVaultException rejected(ThrowingCallable call) {
        AtomicReference<KeyVaultException> thrown = new AtomicReference<>();
        assertThatThrownBy(call).isInstanceOfSatisfying(KeyVaultException.class, thrown::set);
        return thrown.get();
    }
}
