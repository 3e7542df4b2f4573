package org.hsmpool.node.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.hsmpool.node.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sun.security.pkcs11.wrapper.PKCS11;

/**
 * The session pool against a real token: sessions that died behind its back are evicted, a
 * logged-out token is logged in again, waiting is bounded, failed logins are capped.
 */
class SessionPoolTest {
    private static PKCS11 p11;
    private static long slot;

    @BeforeAll
    static void load() {
        TestTokens.directory();
        p11 = Pkcs11Library.load(TestTokens.LIBRARY);
        slot = Pkcs11Library.resolveSlot(p11, TestTokens.config("unit-e", TestTokens.USER_PIN.clone()));
    }

    private static TokenConfig config(char[] pin, int sessions, Duration wait, int attempts) {
        return new TokenConfig(TestTokens.LIBRARY, "unit-e", pin, sessions, wait, attempts);
    }

    @Test
    void aSessionThatDiedIsEvictedAndReplaced() throws Exception {
        try (SessionPool pool = new SessionPool(p11, slot, config(TestTokens.USER_PIN.clone(), 2, Duration.ofSeconds(2), 3))) {
            long first = pool.borrow();
            pool.release(first);
            p11.C_CloseSession(first); // the session dies behind the pool's back

            long next = pool.borrow();
            assertThat(next).isNotEqualTo(first);
            byte[] random = new byte[8];
            p11.C_GenerateRandom(next, random); // and the replacement works
            pool.release(next);
        }
    }

    @Test
    void aLoggedOutTokenIsLoggedInAgain() throws Exception {
        try (SessionPool pool = new SessionPool(p11, slot, config(TestTokens.USER_PIN.clone(), 2, Duration.ofSeconds(2), 3))) {
            long session = pool.borrow();
            p11.C_Logout(session); // as after a token reset: every session of the process is logged out
            pool.release(session);

            long again = pool.borrow();
            assertThat(p11.C_GetSessionInfo(again).state).isEqualTo(3L); // CKS_RW_USER_FUNCTIONS
            pool.release(again);
        }
    }

    @Test
    void waitingForASessionIsBounded() {
        try (SessionPool pool = new SessionPool(p11, slot, config(TestTokens.USER_PIN.clone(), 1, Duration.ofMillis(300), 3))) {
            long only = pool.borrow();
            Instant start = Instant.now();
            assertThatThrownBy(pool::borrow).isInstanceOfSatisfying(TokenException.class,
                    e -> assertThat(e.kind()).isEqualTo(TokenException.Kind.UNAVAILABLE))
                    .hasMessageContaining("no token session became free within 300 ms");
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(3));
            pool.release(only);
            pool.release(pool.borrow()); // free again
            assertThat(pool.stats().max()).isEqualTo(1);
        }
    }

    @Test
    void failedLoginsAreCappedBecauseSoftHsmNeverLocksThePin() {
        try (SessionPool pool = new SessionPool(p11, slot, config("wrong".toCharArray(), 2, Duration.ofSeconds(2), 2))) {
            for (int attempt = 1; attempt <= 2; attempt++) {
                int n = attempt;
                assertThatThrownBy(pool::borrow).isInstanceOfSatisfying(TokenException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TokenException.Kind.LOGIN_FAILED);
                    assertThat(e.ckr()).isEqualTo("CKR_PIN_INCORRECT");
                    assertThat(e.getMessage()).contains("attempt " + n + " of 2");
                });
            }
            assertThatThrownBy(pool::borrow).isInstanceOfSatisfying(TokenException.class,
                    e -> assertThat(e.kind()).isEqualTo(TokenException.Kind.LOGIN_FAILED))
                    .hasMessageContaining("no further attempts");
            assertThat(pool.stats().open()).isZero();
        }
    }
}
