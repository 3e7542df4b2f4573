package org.hsmpool.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.hsmpool.node.token.SessionStats;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A crypto call stays on the event loop only when the token has a session to give it at once. */
class CryptoDispatchTest {
    @ParameterizedTest(name = "open {0}, idle {1}, max {2}: free {3}")
    @CsvSource({ "0, 0, 8, true", "3, 1, 8, true", "8, 1, 8, true", "7, 0, 8, true", "8, 0, 8, false",
            "1, 0, 1, false" })
    void aSessionIsFreeWhenOneIsIdleOrAnotherMayBeOpened(int open, int idle, int max, boolean free) {
        assertThat(CryptoDispatch.sessionFree(new SessionStats(open, idle, max))).isEqualTo(free);
    }
}
