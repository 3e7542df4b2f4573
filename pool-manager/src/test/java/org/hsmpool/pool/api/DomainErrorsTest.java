package org.hsmpool.pool.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;

import org.hsmpool.pool.keys.KeyException;
import org.hsmpool.pool.rbac.RbacException;
import org.hsmpool.pool.router.RoutingException;
import org.hsmpool.pool.router.RoutingFailures;
import org.junit.jupiter.api.Test;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Every code of every layer's error has one answer on the wire; these are the ones clients and the SDKs know. */
class DomainErrorsTest {

    @Test
    void everyKeyErrorCodeHasItsStatusAndKeyVaultCode() {
        Map<KeyException.Code, String> wire = new EnumMap<>(KeyException.Code.class);
        wire.put(KeyException.Code.BAD_PARAMETER, "400 BadParameter");
        wire.put(KeyException.Code.KEY_NOT_FOUND, "404 KeyNotFound");
        wire.put(KeyException.Code.FORBIDDEN, "403 Forbidden");
        wire.put(KeyException.Code.KEY_DISABLED, "403 KeyDisabled");
        wire.put(KeyException.Code.CONFLICT, "409 Conflict");
        wire.put(KeyException.Code.UNAVAILABLE, "503 ServiceUnavailable");
        wire.put(KeyException.Code.INTERNAL, "500 InternalError");
        assertThat(wire).hasSize(KeyException.Code.values().length);
        for (KeyException.Code code : KeyException.Code.values()) {
            KeyVaultException answer = DomainErrors.of(keyException(code));
            assertThat(answer.status() + " " + answer.code()).as(code.name()).isEqualTo(wire.get(code));
            assertThat(answer.getMessage()).isEqualTo("what was wrong");
            assertThat(answer.retryAfterSeconds()).isEqualTo(code == KeyException.Code.UNAVAILABLE ? 2 : null);
        }
    }

    @Test
    void everyRbacErrorCodeHasItsStatusAndKeyVaultCode() {
        Map<RbacException.Code, String> wire = new EnumMap<>(RbacException.Code.class);
        wire.put(RbacException.Code.BAD_PARAMETER, "400 BadParameter");
        wire.put(RbacException.Code.CONFLICT, "409 Conflict");
        wire.put(RbacException.Code.ROLE_ASSIGNMENT_EXISTS, "409 RoleAssignmentExists");
        wire.put(RbacException.Code.ROLE_ASSIGNMENT_NOT_FOUND, "404 RoleAssignmentNotFound");
        wire.put(RbacException.Code.ROLE_DEFINITION_NOT_FOUND, "404 RoleDefinitionNotFound");
        assertThat(wire).hasSize(RbacException.Code.values().length);
        for (RbacException.Code code : RbacException.Code.values()) {
            KeyVaultException answer = DomainErrors.of(new RbacException(code, "what was wrong"));
            assertThat(answer.status() + " " + answer.code()).as(code.name()).isEqualTo(wire.get(code));
            assertThat(answer.getMessage()).isEqualTo("what was wrong");
        }
    }

    @Test
    void everyRoutingErrorCodeOfAnEdgesOwnNodeCallHasItsStatusAndKeyVaultCode() {
        for (RoutingException.Code code : RoutingException.Code.values()) {
            String expected = switch (code) {
                case BAD_REQUEST, WRONG_DOMAIN, INTEGRITY -> "400 BadParameter what was wrong";
                case NO_DOMAIN -> "409 Conflict the node holds no security domain: what was wrong";
                case NODE_UNAVAILABLE -> "503 ServiceUnavailable the node did not answer: what was wrong";
                case NO_NODE -> "503 ServiceUnavailable no healthy node holds what a test call needs";
                case KEY_NOT_FOUND, KEY_EXISTS, KEY_USAGE, TOKEN_ERROR, PEER_NOT_TRUSTED, INTERNAL ->
                    "500 InternalError the node failed: what was wrong";
            };
            KeyVaultException answer = DomainErrors.of(RoutingFailures.of(code, "what was wrong"));
            assertThat(answer.status() + " " + answer.code() + " " + answer.getMessage()).as(code.name())
                    .isEqualTo(expected);
            assertThat(answer.retryAfterSeconds()).as(code.name()).isEqualTo(answer.status() == 503 ? 2 : null);
        }
    }

    @Test
    void theMappersAnswerALayersErrorInTheKeyVaultFormat() {
        ErrorMappers mappers = new ErrorMappers();
        Response unavailable = mappers.keys(KeyException.unavailable("no node of the pool can serve sign right now", 1));
        assertThat(unavailable.getStatus()).isEqualTo(503);
        assertThat(unavailable.getHeaderString(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(((ErrorBody) unavailable.getEntity()).error())
                .isEqualTo(new ErrorBody.Error("ServiceUnavailable", "no node of the pool can serve sign right now"));
        Response notFound = mappers.rbac(new RbacException(RbacException.Code.ROLE_DEFINITION_NOT_FOUND, "none"));
        assertThat(notFound.getStatus()).isEqualTo(404);
        assertThat(((ErrorBody) notFound.getEntity()).error()).isEqualTo(new ErrorBody.Error("RoleDefinitionNotFound",
                "none"));
    }

    private static KeyException keyException(KeyException.Code code) {
        return switch (code) {
            case BAD_PARAMETER -> KeyException.badParameter("what was wrong");
            case KEY_NOT_FOUND -> KeyException.keyNotFound("what was wrong");
            case FORBIDDEN -> KeyException.forbidden("what was wrong");
            case KEY_DISABLED -> KeyException.keyDisabled("what was wrong");
            case CONFLICT -> KeyException.conflict("what was wrong");
            case UNAVAILABLE -> KeyException.unavailable("what was wrong", 2);
            case INTERNAL -> KeyException.internal("what was wrong", new IllegalStateException());
        };
    }
}
