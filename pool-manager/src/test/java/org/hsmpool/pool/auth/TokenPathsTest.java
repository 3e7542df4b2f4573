package org.hsmpool.pool.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenPathsTest {

    @ParameterizedTest
    @ValueSource(strings = { "/hsmpool/oauth2/v2.0/token", "/hsmpool/v2.0/.well-known/openid-configuration",
            "/hsmpool/discovery/v2.0/keys", "/other-tenant/oauth2/v2.0/token" })
    void theTokenServicePathsPassWithoutAToken(String path) {
        assertThat(TokenPaths.isTokenService(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "/keys", "/hsmpool/status", "/hsmpool/principals", "/hsmpool/oauth2/v2.0/token/",
            "/hsmpool/oauth2/v2.0/tokens", "/hsmpool/oauth2/v2.0/token/../../../keys", "/a/b/oauth2/v2.0/token",
            "/a%2Fb/oauth2/v2.0/token", "/oauth2/v2.0/token", "//oauth2/v2.0/token", "/hsmpool/oauth2/v2x0/token",
            "/hsmpool/discovery/v2.0/keys/x" })
    void nothingElseDoes(String path) {
        assertThat(TokenPaths.isTokenService(path)).isFalse();
    }
}
