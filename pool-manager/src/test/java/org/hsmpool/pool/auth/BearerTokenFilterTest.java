package org.hsmpool.pool.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

class BearerTokenFilterTest {
    private static final String TOKEN = "app-token-0123456789abcdef";

    @TempDir
    Path dir;

    /** The parts of a request the filter uses, recorded; a JAX-RS interface, not a stand-in for our code. */
    static final class Request {
        final Map<String, String> headers = new HashMap<>();
        final Map<String, Object> properties = new HashMap<>();
        Response aborted;
        SecurityContext security;

        ContainerRequestContext context() {
            return (ContainerRequestContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { ContainerRequestContext.class }, (proxy, method, args) -> answer(method.getName(),
                            args));
        }

        private Object answer(String method, Object[] args) {
            return switch (method) {
                case "getHeaderString" -> headers.entrySet().stream()
                        .filter(h -> h.getKey().equalsIgnoreCase((String) args[0])).map(Map.Entry::getValue)
                        .findFirst().orElse(null);
                case "abortWith" -> {
                    aborted = (Response) args[0];
                    yield null;
                }
                case "setProperty" -> properties.put((String) args[0], args[1]);
                case "getProperty" -> properties.get((String) args[0]);
                case "getSecurityContext" -> security;
                case "setSecurityContext" -> {
                    security = (SecurityContext) args[0];
                    yield null;
                }
                default -> throw new UnsupportedOperationException(method);
            };
        }
    }

    private BearerTokenFilter filter() throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(file, "app " + TOKEN + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        PoolIssuer issuer = new PoolIssuer("hsmpool", "127.0.0.1:8443");
        return new BearerTokenFilter(new TokenFile(Optional.of(file), Duration.ZERO),
                new Challenge("hsmpool", "127.0.0.1:8443"), new TokenValidator(issuer, null, Map.of()));
    }

    @Test
    void aValidTokenPutsThePrincipalIntoTheRequest() throws Exception {
        Request request = new Request();
        request.headers.put("Authorization", "Bearer " + TOKEN);
        request.headers.put("Host", "localhost:8443");
        filter().filter(request.context());
        assertThat(request.aborted).isNull();
        assertThat(Principal.of(request.context())).isEqualTo(new Principal("app"));
        // the principal travels as a request property only: the SecurityContext is left alone
        assertThat(request.security).isNull();
    }

    @Test
    void noTokenIsTheChallengeForTheRequestsHost() throws Exception {
        Request request = new Request();
        request.headers.put("Host", "pool.example:9443");
        filter().filter(request.context());
        assertThat(request.aborted.getStatus()).isEqualTo(401);
        assertThat(request.aborted.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer authorization="
                + "\"https://pool.example:9443/hsmpool\", resource=\"https://managedhsm.azure.net\"");
        assertThat(request.properties).isEmpty();
        assertThat(Principal.of(request.context())).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = { "Bearer wrong-token-0123456789abcdef", "Bearer", "Bearer  ",
            "bearer app-token-0123456789abcdeX", "Bearer " + TOKEN + " extra", "Bearer " + TOKEN + "," + TOKEN })
    void aWrongTokenIsTheChallengeWithInvalidToken(String header) throws Exception {
        Request request = new Request();
        request.headers.put("Authorization", header);
        request.headers.put("Host", "localhost:8443");
        filter().filter(request.context());
        assertThat(request.aborted.getStatus()).isEqualTo(401);
        assertThat(request.aborted.getHeaderString("WWW-Authenticate")).contains(", error=\"invalid_token\"");
        assertThat(request.properties).isEmpty();
    }

    @Test
    void aTokenThatIsNeitherListedNorAJwtIsRefusedWithItsReason() throws Exception {
        Request request = new Request();
        request.headers.put("Authorization", "Bearer wrong-token-0123456789abcdef");
        request.headers.put("Host", "localhost:8443");
        filter().filter(request.context());
        assertThat(request.aborted.getStatus()).isEqualTo(401);
        assertThat(request.aborted.getHeaderString("WWW-Authenticate")).endsWith(", error=\"invalid_token\", "
                + "error_description=\"the bearer token is not a well-formed JWT\"");
        assertThat(request.aborted.getEntity().toString()).contains("the bearer token is not a well-formed JWT")
                .doesNotContain("wrong-token");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = { "Basic YXBwOnNlY3JldA==", "Token " + TOKEN, "Bearer" + TOKEN, "Negotiate" })
    void anotherSchemeIsTreatedAsNoToken(String header) throws Exception {
        Request request = new Request();
        request.headers.put("Authorization", header);
        request.headers.put("Host", "localhost:8443");
        filter().filter(request.context());
        assertThat(request.aborted.getStatus()).isEqualTo(401);
        assertThat(request.aborted.getHeaderString("WWW-Authenticate")).doesNotContain("error=");
    }

    @Test
    void theSchemeIsCaseInsensitiveAndSurroundingSpaceIgnored() {
        assertThat(BearerTokenFilter.bearerToken("bearer abc")).isEqualTo("abc");
        assertThat(BearerTokenFilter.bearerToken("  BEARER   abc  ")).isEqualTo("abc");
        assertThat(BearerTokenFilter.bearerToken(null)).isNull();
        assertThat(BearerTokenFilter.bearerToken("Bearer")).isEmpty();
        assertThat(BearerTokenFilter.bearerToken("Bearer a b")).isEmpty();
    }
}
