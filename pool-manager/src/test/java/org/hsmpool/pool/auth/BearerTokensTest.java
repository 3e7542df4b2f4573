package org.hsmpool.pool.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokensTest {
    private static final String ALICE = "alice-token-0123456789abcdef";
    private static final String BOB = "Bob.Token_0123456789~+/==";

    @Test
    void eachLineNamesAPrincipalAndItsToken() {
        BearerTokens tokens = BearerTokens.parse("""
                # accepted callers
                alice %s

                   bob\t%s
                """.formatted(ALICE, BOB));
        assertThat(tokens.size()).isEqualTo(2);
        assertThat(tokens.problems()).isEmpty();
        assertThat(tokens.authenticate(ALICE)).contains(new Principal("alice"));
        assertThat(tokens.authenticate(BOB)).contains(new Principal("bob"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "", "alice", "alice-token-0123456789abcde", "alice-token-0123456789abcdef ",
            "ALICE-TOKEN-0123456789ABCDEF", "alice-token-0123456789abcdefg", "# alice" })
    void anythingButAListedTokenIsRefused(String presented) {
        BearerTokens tokens = BearerTokens.parse("alice " + ALICE + "\n");
        assertThat(tokens.authenticate(presented)).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
    }

    @Test
    void noTokensAcceptNothing() {
        assertThat(BearerTokens.none().authenticate(ALICE)).isEmpty();
        assertThat(BearerTokens.parse("").size()).isZero();
        assertThat(BearerTokens.parse("# only a comment\n\n").size()).isZero();
    }

    @Test
    void unusableLinesAreSkippedAndReportedByNumberWithoutTokenText() {
        BearerTokens tokens = BearerTokens.parse(String.join("\n",
                "alice " + ALICE,
                "carol",
                "dave short-token",
                "erin tok\"en-with-a-quote-0123",
                "frank " + ALICE,
                "gina two words-0123456789abcdef",
                "henry Bearer-like,comma-0123456789"));
        assertThat(tokens.size()).isEqualTo(1);
        assertThat(tokens.problems()).hasSize(6);
        assertThat(tokens.problems()).anySatisfy(p -> assertThat(p).startsWith("line 2: expected"));
        assertThat(tokens.problems()).anySatisfy(p -> assertThat(p).startsWith("line 3: the token is shorter"));
        assertThat(tokens.problems()).anySatisfy(p -> assertThat(p).startsWith("line 4: the token has characters"));
        assertThat(tokens.problems()).anySatisfy(p -> assertThat(p).startsWith("line 5: the same token"));
        assertThat(tokens.problems()).anySatisfy(p -> assertThat(p).startsWith("line 6: expected"));
        assertThat(tokens.problems()).anySatisfy(p -> assertThat(p).startsWith("line 7: the token has characters"));
        assertThat(String.join("\n", tokens.problems())).doesNotContain(ALICE, "short-token", "tok\"en",
                "two words", "comma");
        assertThat(tokens.authenticate(ALICE)).contains(new Principal("alice"));
    }

    @Test
    void windowsLineEndsAreLineEnds() {
        BearerTokens tokens = BearerTokens.parse("alice " + ALICE + "\r\nbob " + BOB + "\r\n");
        assertThat(tokens.authenticate(BOB)).contains(new Principal("bob"));
        assertThat(tokens.problems()).isEmpty();
    }

    @Test
    void aPrincipalNamedLikeAnExternalIssuersIsRefused() {
        BearerTokens tokens = BearerTokens.parse("test-idp:alice " + ALICE + "\nbob " + BOB + "\n");
        assertThat(tokens.authenticate(ALICE)).isEmpty();
        assertThat(tokens.authenticate(BOB)).contains(new Principal("bob"));
        assertThat(tokens.problems()).singleElement().asString().startsWith("line 1: ").contains("':'")
                .doesNotContain(ALICE);
    }
}
