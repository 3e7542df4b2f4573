package org.hsmpool.pool.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.hsmpool.nodeapi.NodeErrors;
import org.hsmpool.nodeapi.v1.NodeError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.grpc.Status;

/** The router's one retry policy, over every reason a node can give. */
class FailedAttemptTest {

    @ParameterizedTest
    @EnumSource(value = NodeError.Reason.class, names = "UNRECOGNIZED", mode = EnumSource.Mode.EXCLUDE)
    void onlyAnUnavailableNodeOrAMissingVersionIsTriedElsewhere(NodeError.Reason reason) {
        NodeError error = NodeError.newBuilder().setReason(reason).setMessage("m").build();
        FailedAttempt withEntry = FailedAttempt.of(error, 7);
        FailedAttempt withoutEntry = FailedAttempt.of(error, 0);
        switch (reason) {
            case UNAVAILABLE -> {
                assertThat(withEntry).isEqualTo(FailedAttempt.NODE_UNAVAILABLE);
                assertThat(withoutEntry).isEqualTo(FailedAttempt.NODE_UNAVAILABLE);
            }
            case KEY_NOT_FOUND -> {
                assertThat(withEntry).isEqualTo(FailedAttempt.NODE_BEHIND);
                // no particular entry was needed: a node further along cannot have what this one lacks
                assertThat(withoutEntry).isEqualTo(FailedAttempt.FINAL);
            }
            default -> {
                assertThat(withEntry).as("a %s answer is never sent again", reason).isEqualTo(FailedAttempt.FINAL);
                assertThat(withoutEntry).isEqualTo(FailedAttempt.FINAL);
            }
        }
        // the policy stands on the contract's: what NodeErrors calls retryable, and nothing else
        assertThat(withEntry != FailedAttempt.FINAL).isEqualTo(NodeErrors.retryable(error));
    }

    @ParameterizedTest
    @EnumSource(value = NodeError.Reason.class, names = "UNRECOGNIZED", mode = EnumSource.Mode.EXCLUDE)
    void aFailedPushEjectsAnUnavailableNodeAndSendsAnyOtherToCatchUp(NodeError.Reason reason) {
        NodeError error = NodeError.newBuilder().setReason(reason).setMessage("m").build();
        assertThat(FailedAttempt.ofPush(error)).isEqualTo(reason == NodeError.Reason.UNAVAILABLE
                ? FailedAttempt.NODE_UNAVAILABLE : FailedAttempt.NODE_BEHIND);
    }

    @Test
    void aBrokenTransportIsAnUnavailableNodeAndABadRequestIsFinal() {
        NodeError broken = NodeErrors.from(Status.DEADLINE_EXCEEDED.asRuntimeException());
        assertThat(FailedAttempt.of(broken, 3)).isEqualTo(FailedAttempt.NODE_UNAVAILABLE);
        NodeError bad = NodeErrors.from(Status.INVALID_ARGUMENT.withDescription("digest").asRuntimeException());
        assertThat(FailedAttempt.of(bad, 3)).isEqualTo(FailedAttempt.FINAL);
        assertThat(FailedAttempt.MAX_ATTEMPTS).isEqualTo(2);
    }
}
