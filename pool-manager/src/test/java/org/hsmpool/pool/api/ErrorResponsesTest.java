package org.hsmpool.pool.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.hsmpool.pool.store.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

class ErrorResponsesTest {
    private static final String SECRET = "SECRET-REQUEST-DATA-42";
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            Object[] parameters = record.getParameters();
            logged.add(parameters == null ? record.getMessage() : String.format(record.getMessage(), parameters));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger(ErrorResponses.class.getName()).addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger(ErrorResponses.class.getName()).removeHandler(capture);
    }

    private static String body(Response response) throws Exception {
        return new ObjectMapper().writeValueAsString(response.getEntity());
    }

    @Test
    void aKeyVaultExceptionKeepsItsStatusCodeAndMessage() throws Exception {
        Response r = ErrorResponses
                .keyVault(KeyVaultException.keyNotFound("A key with (name/version) k1 was not found"));
        assertThat(r.getStatus()).isEqualTo(404);
        assertThat(r.getMediaType().toString()).isEqualTo("application/json");
        assertThat(body(r)).isEqualTo("{\"error\":{\"code\":\"KeyNotFound\","
                + "\"message\":\"A key with (name/version) k1 was not found\"}}");
        assertThat(r.getHeaderString("Retry-After")).isNull();
    }

    @Test
    void aRetryableKeyVaultExceptionAddsRetryAfter() throws Exception {
        Response r = ErrorResponses.keyVault(KeyVaultException.unavailable("no node can serve sign right now", 3));
        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getHeaderString("Retry-After")).isEqualTo("3");
        assertThat(body(r)).contains("\"code\":\"ServiceUnavailable\"");
        Response throttled = ErrorResponses.keyVault(new KeyVaultException(429, "Throttled", "slow down", 10, null));
        assertThat(throttled.getStatus()).isEqualTo(429);
        assertThat(throttled.getHeaderString("Retry-After")).isEqualTo("10");
    }

    @ParameterizedTest
    @CsvSource({"UNAVAILABLE, 503", "FENCED, 503", "FAILURE, 500"})
    void aStoreFailureThatReachesAResourceIs503WhenTheStoreIsUnreachable(StoreException.Code code, int status)
            throws Exception {
        Response r = new ErrorMappers().store(new StoreException(code, "read the pool: database busy or unreachable"));
        assertThat(r.getStatus()).isEqualTo(status);
        assertThat(r.getHeaderString("Retry-After")).isEqualTo(status == 503 ? "1" : null);
        assertThat(body(r)).contains(status == 503 ? "\"code\":\"ServiceUnavailable\"" : "\"code\":\"InternalError\"");
    }

    @Test
    void aServerSideKeyVaultExceptionIsLoggedWithoutTheMessagesOfItsCause() {
        Response r = ErrorResponses.keyVault(new KeyVaultException(500, "InternalError", "sign failed in the HSM", null,
                new IllegalStateException(SECRET)));
        assertThat(r.getStatus()).isEqualTo(500);
        assertThat(logged).hasSize(1).allSatisfy(line -> assertThat(line).contains("IllegalStateException")
                .doesNotContain(SECRET));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({ "400, BadParameter", "401, Unauthorized", "403, Forbidden", "404, NotFound", "405, MethodNotAllowed",
            "406, NotAcceptable", "409, Conflict", "413, RequestEntityTooLarge", "415, UnsupportedMediaType",
            "429, TooManyRequests", "418, BadRequest", "500, InternalError", "502, InternalError",
            "503, ServiceUnavailable" })
    void theFrameworksOwnFailuresGetAKeyVaultCode(int status, String code) throws Exception {
        Response r = ErrorResponses.webApplication(new WebApplicationException(SECRET, status));
        assertThat(r.getStatus()).isEqualTo(status);
        assertThat(body(r)).startsWith("{\"error\":{\"code\":\"" + code + "\",\"message\":\"").doesNotContain(SECRET);
    }

    @Test
    void noSuchPathIs404AndAWrongMethodIs405KeepingAllow() throws Exception {
        Response notFound = ErrorResponses.webApplication(new NotFoundException());
        assertThat(notFound.getStatus()).isEqualTo(404);
        assertThat(body(notFound)).contains("\"code\":\"NotFound\"");
        Response notAllowed = ErrorResponses.webApplication(new NotAllowedException("GET", new String[] { "POST" }));
        assertThat(notAllowed.getStatus()).isEqualTo(405);
        assertThat(notAllowed.getHeaderString("Allow")).contains("GET", "POST");
        assertThat(body(notAllowed)).contains("\"code\":\"MethodNotAllowed\"");
    }

    @Test
    void jacksonFailuresAreBadParameterNamingTheFieldNotTheValue() throws Exception {
        MismatchedInputException mismatch;
        try {
            new ObjectMapper().readValue("{\"attributes\":{\"nbf\":\"" + SECRET + "\"}}", Shape.class);
            throw new AssertionError("expected a mismatch");
        } catch (MismatchedInputException e) {
            mismatch = e;
        }
        Response r = ErrorResponses.json(mismatch);
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(body(r)).isEqualTo("{\"error\":{\"code\":\"BadParameter\","
                + "\"message\":\"attributes.nbf has the wrong JSON type or value\"}}");

        JsonParseException parse = new JsonParseException(null, "Unexpected character '" + SECRET + "'");
        assertThat(body(ErrorResponses.json(parse))).contains("BadParameter").doesNotContain(SECRET);
        Response wrapped = ErrorResponses.webApplication(new BadRequestException(SECRET, parse));
        assertThat(body(wrapped)).contains("BadParameter", "not valid JSON").doesNotContain(SECRET);
    }

    record Shape(Attributes attributes) {
        record Attributes(long nbf) {
        }
    }

    @Test
    void anUnexpectedFailureIs500WithNothingOfItShownAndNoRequestDataLogged() throws Exception {
        Response r = ErrorResponses.unexpected(new IllegalArgumentException(SECRET, new IOException(SECRET)));
        assertThat(r.getStatus()).isEqualTo(500);
        assertThat(body(r)).startsWith("{\"error\":{\"code\":\"InternalError\"").doesNotContain(SECRET);
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0)).contains("IllegalArgumentException", "IOException", "ErrorResponsesTest")
                .doesNotContain(SECRET);
    }

    @Test
    void anUnreadableBodyIsTheClientsProblem() throws Exception {
        Response r = ErrorResponses.unreadable(new IOException(SECRET));
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(body(r)).contains("BadParameter").doesNotContain(SECRET);
    }

    @Test
    void describingAFailureTerminatesOnSelfCausedExceptions() {
        Exception loop = new Exception(SECRET) {
            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };
        assertThat(ErrorResponses.describe(loop)).doesNotContain(SECRET);
        assertThat(ErrorResponses.describe(null)).isEqualTo("no cause");
    }
}
