package org.hsmpool.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.token.TokenException;
import org.hsmpool.nodeapi.v1.NodeError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RepliesTest {
    /** What each kind of token failure tells the caller (a new kind fails here until it is added). */
    private static final Map<TokenException.Kind, NodeError.Reason> TOKEN_KINDS = Map.of(
            TokenException.Kind.NOT_FOUND, NodeError.Reason.KEY_NOT_FOUND,
            TokenException.Kind.EXISTS, NodeError.Reason.KEY_EXISTS,
            TokenException.Kind.KEY_USAGE, NodeError.Reason.KEY_USAGE,
            TokenException.Kind.BAD_INPUT, NodeError.Reason.BAD_REQUEST,
            TokenException.Kind.INTEGRITY, NodeError.Reason.INTEGRITY,
            TokenException.Kind.LOGIN_FAILED, NodeError.Reason.UNAVAILABLE,
            TokenException.Kind.UNAVAILABLE, NodeError.Reason.UNAVAILABLE,
            TokenException.Kind.TOKEN, NodeError.Reason.TOKEN_ERROR);

    @ParameterizedTest
    @EnumSource(NodeException.Reason.class)
    void everyReasonOfTheNodeTravelsAsTheContractsReasonOfTheSameMeaning(NodeException.Reason reason) {
        NodeError error = Replies.errorOf("sign", new NodeException(reason, "refused"));

        assertThat(error.getReason().name()).isEqualTo(reason.name());
        assertThat(error.getMessage()).isEqualTo("refused");
    }

    @Test
    void anUnexpectedFailureIsATokenErrorWithoutItsDetails() {
        NodeError error = Replies.errorOf("sign", new IllegalStateException("secret detail"));

        assertThat(error.getReason()).isEqualTo(NodeError.Reason.TOKEN_ERROR);
        assertThat(error.getMessage()).isEqualTo("sign failed: internal error").doesNotContain("secret");
    }

    @Test
    void aTokenFailureNamesItsReturnValue() {
        NodeError error = Replies.errorOf("sign", new TokenException(TokenException.Kind.NOT_FOUND,
                "no such key", "CKR_KEY_HANDLE_INVALID", null));

        assertThat(error.getReason()).isEqualTo(NodeError.Reason.KEY_NOT_FOUND);
        assertThat(error.getCkr()).isEqualTo("CKR_KEY_HANDLE_INVALID");
    }

    @ParameterizedTest
    @EnumSource(TokenException.Kind.class)
    void everyKindOfTokenFailureTravelsAsTheReasonThatSaysWhatTheCallerMayDo(TokenException.Kind kind) {
        NodeError error = Replies.errorOf("sign", new TokenException(kind, "the token said no", "CKR_X", null));

        assertThat(error.getReason()).isEqualTo(TOKEN_KINDS.get(kind));
        // the message without the CKR name, which travels on its own
        assertThat(error.getMessage()).isEqualTo("the token said no");
        assertThat(error.getCkr()).isEqualTo("CKR_X");
    }
}
