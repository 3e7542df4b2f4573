package org.hsmpool.pool.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.hsmpool.nodeapi.NodeErrors;
import org.hsmpool.nodeapi.v1.NodeError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.grpc.Status;

/** The router's one retry policy, over every reason a node can give, read as the router's own code. */
class FailedAttemptTest {

    private static RoutingException.Code code(NodeError.Reason reason) {
        return RoutingException.Code.of(reason);
    }

    @ParameterizedTest
    @EnumSource(value = NodeError.Reason.class, names = "UNRECOGNIZED", mode = EnumSource.Mode.EXCLUDE)
    void onlyAnUnavailableNodeOrAMissingVersionIsTriedElsewhere(NodeError.Reason reason) {
        FailedAttempt withEntry = FailedAttempt.of(code(reason), 7);
        FailedAttempt withoutEntry = FailedAttempt.of(code(reason), 0);
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
    }

    @ParameterizedTest
    @EnumSource(value = NodeError.Reason.class, names = "UNRECOGNIZED", mode = EnumSource.Mode.EXCLUDE)
    void aFailedPushEjectsAnUnavailableNodeAndSendsAnyOtherToCatchUp(NodeError.Reason reason) {
        RoutingException failure = RoutingException.answered("push", code(reason), "m", "", null);
        assertThat(FailedAttempt.ofPush(failure)).isEqualTo(reason == NodeError.Reason.UNAVAILABLE
                ? FailedAttempt.NODE_UNAVAILABLE : FailedAttempt.NODE_BEHIND);
    }

    @ParameterizedTest
    @EnumSource(NodeError.Reason.class)
    void everyReasonOfTheContractIsReadAsACodeOfTheSameMeaning(NodeError.Reason reason) {
        RoutingException.Code code = code(reason);
        switch (reason) {
            case UNAVAILABLE -> assertThat(code).isEqualTo(RoutingException.Code.NODE_UNAVAILABLE);
            case REASON_UNSPECIFIED, UNRECOGNIZED -> assertThat(code).isEqualTo(RoutingException.Code.INTERNAL);
            default -> assertThat(code.name()).isEqualTo(reason.name());
        }
    }

    @Test
    void noNodeIsFinalAndNamesTheCall() {
        RoutingException none = RoutingException.noNode("sign");
        assertThat(none.code()).isEqualTo(RoutingException.Code.NO_NODE);
        assertThat(none.detail()).contains("sign");
        assertThat(FailedAttempt.of(none.code(), 3)).isEqualTo(FailedAttempt.FINAL);
    }

    @Test
    void aBrokenTransportIsAnUnavailableNodeAndABadRequestIsFinal() {
        NodeError broken = NodeErrors.from(Status.DEADLINE_EXCEEDED.asRuntimeException());
        assertThat(FailedAttempt.of(code(broken.getReason()), 3)).isEqualTo(FailedAttempt.NODE_UNAVAILABLE);
        NodeError bad = NodeErrors.from(Status.INVALID_ARGUMENT.withDescription("digest").asRuntimeException());
        assertThat(FailedAttempt.of(code(bad.getReason()), 3)).isEqualTo(FailedAttempt.FINAL);
        assertThat(FailedAttempt.MAX_ATTEMPTS).isEqualTo(2);
    }
}
