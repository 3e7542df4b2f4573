package org.hsmpool.pool.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.core.Response;

class ChallengeTest {
    private final Challenge challenge = new Challenge("hsmpool", "127.0.0.1:8443");

    @Test
    void theChallengeNamesTheRequestsHostTheTenantAndTheManagedHsmResource() {
        assertThat(challenge.header("localhost:8443", false)).isEqualTo(
                "Bearer authorization=\"https://localhost:8443/hsmpool\", resource=\"https://managedhsm.azure.net\"");
    }

    @Test
    void aRejectedTokenAddsInvalidToken() {
        assertThat(challenge.header("hsm.example", true)).isEqualTo("Bearer authorization="
                + "\"https://hsm.example/hsmpool\", resource=\"https://managedhsm.azure.net\","
                + " error=\"invalid_token\"");
    }

    /** The parsing of azure-security-keyvault-keys' KeyVaultCredentialPolicy, step by step. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "localhost:8443", "10.0.0.5", "[::1]:8443", "hsm.example.org:443" })
    void theAzureSdkFindsTheTenantAndTheScope(String host) {
        for (boolean rejected : new boolean[] { false, true }) {
            String header = challenge.header(host, rejected);
            assertThat(header.toLowerCase(Locale.ROOT)).startsWith("bearer ");
            Map<String, String> attributes = new HashMap<>();
            for (String pair : header.substring("Bearer ".length()).split(", ")) {
                String[] keyValue = pair.split("=");
                assertThat(keyValue).as(pair).hasSize(2);
                attributes.put(keyValue[0].replace("\"", ""), keyValue[1].replace("\"", ""));
            }
            assertThat(attributes.get("resource") + "/.default").isEqualTo("https://managedhsm.azure.net/.default");
            URI authorization = URI.create(attributes.get("authorization"));
            assertThat(authorization.getPath().split("/")[1]).isEqualTo("hsmpool");
            assertThat(authorization.getAuthority()).isEqualTo(host);
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "evil\", x=\"y", "a b", "host:port", "host:123456", "user@host", "host/path", "[::1",
            "", "h\u00e9te", "host:8443, resource=x" })
    void aHostThatCouldInjectAttributesIsReplacedByTheConfiguredOne(String host) {
        assertThat(challenge.header(host, false)).startsWith("Bearer authorization=\"https://127.0.0.1:8443/hsmpool\"");
        assertThat(challenge.header(null, false)).startsWith("Bearer authorization=\"https://127.0.0.1:8443/hsmpool\"");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "", "a/b", "a b", "a\"b", "a,b", "a=b" })
    void aTenantThatCannotBeCarriedIsRefusedAtStart(String tenant) {
        assertThatThrownBy(() -> new Challenge(tenant, "localhost")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theResponseIs401WithTheKeyVaultErrorBody() throws Exception {
        Response missing = challenge.response("localhost:8443", false);
        assertThat(missing.getStatus()).isEqualTo(401);
        assertThat(missing.getHeaderString("WWW-Authenticate")).isEqualTo(challenge.header("localhost:8443", false));
        assertThat(missing.getMediaType().toString()).isEqualTo("application/json");
        assertThat(new ObjectMapper().writeValueAsString(missing.getEntity())).isEqualTo(
                "{\"error\":{\"code\":\"Unauthorized\",\"message\":\"Request is missing a Bearer token.\"}}");
        Response rejected = challenge.response("localhost:8443", true);
        assertThat(new ObjectMapper().writeValueAsString(rejected.getEntity()))
                .isEqualTo("{\"error\":{\"code\":\"Unauthorized\",\"message\":\"The bearer token is not valid.\"}}");
    }
}
