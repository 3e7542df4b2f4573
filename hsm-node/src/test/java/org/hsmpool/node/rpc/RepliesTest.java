package org.hsmpool.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.token.TokenException;
import org.hsmpool.nodeapi.v1.NodeError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RepliesTest {

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
}
